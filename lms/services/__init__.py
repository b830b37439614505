"""Use cases: verbs with explicit arguments, actor first. They flush; callers commit."""
