"""Claimdesk: label check-worthy claims in news articles."""

__version__ = "0.1.0"
