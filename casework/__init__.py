"""Pseudonymised cases: where they are discussed, who holds the lead (regie), deadlines.

Built in a later issue; the app exists now so that the layering in DESIGN.md is in place.
"""
