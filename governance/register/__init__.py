"""The register: what the region's governance is made of (organisations and people, tables and
meetings, agreements, local basics, shared vocabulary), each kind of row declared once in
`entities.py` and served by the generic views in `views.py`."""
