"""The outbox: email written in the same transaction as the change that causes it, delivered later by the
worker (`flask outbox send`) over SMTP. It knows no domain: each domain writes its own messages
(`<domain>/emails.py`) with dialogue.outbox.messages and queues them here."""
