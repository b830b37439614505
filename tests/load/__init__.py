"""Load tests (Locust) against the production stack: `make load`."""
