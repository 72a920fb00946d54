"""The Qt layer of Claimdesk (PySide6 only here; the core never imports it)."""
