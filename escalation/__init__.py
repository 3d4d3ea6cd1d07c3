"""The three-route escalation model. Built in its own issue (workflow.py, services, views)."""
