"""The outbox: one delivery core for everything this instance owes another
organisation's server. It owns the sender's state a channel (stopped, back-off,
`Retry-After`), the one-sender lock, the POST and what its answer means (delivered,
retry later, refused item, stop), and the runner that claims a batch, sends it,
records the answer and backs off with jitter or holds on a 4xx.

A channel plugs in what is its own: which items are due and how they make a batch,
the request body and headers, what a 2xx answer says about each item, and how an
item the receiver refused on its own is held. Two channels: `points` (the credits
export) and `xapi` (statements to a learning record store).

Words mean the same in both: an item is *queued* until *delivered*; *held* when the
receiver refused that very item (kept, with its reason, until an administrator
releases it); the channel is *stopped* when the receiver refused us (400/401/403/404:
nothing is sent until an administrator resumes it).

May import: no other service domain (the channels import this one).
"""
