"""PSA write-back: the note a walk leaves on its ticket, and the outbox worker that delivers it."""
