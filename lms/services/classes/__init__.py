"""Classes: hands-on classes at the service stations (线下微课). Owns scheduling,
sign-ups with capacity and a waiting list, attendance by a rotating code or by hand,
the practical checks per attendee, class reminders, and the class reports for union
officers and station pages. Announces (`classes.events`) a passed class (credits react
with a `practical` ledger entry: there is no other credit path) and due reminders
(notifications react).

May import: accounts (the staff audit log), catalogue (courses and lessons), and
union's `scope` (who may see which stations).
"""
