"""Dashboards, figures with their explanation and PDF reports; reads every app, nothing imports it."""
