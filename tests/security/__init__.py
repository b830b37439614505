"""Security review (issue 13): one test module per finding, against the real server where it matters."""
