"""A read-only Kubernetes API stand-in for infratop's local lab.

Standard library only, so the lab runs wherever python3 does.
"""
