-- An invitation e-mail's link, sealed: the outbox keeps the mail with the token elided in its body (`inv_…`) and the
-- link itself here, AES-256-GCM under the service's secret key (nonce ‖ ciphertext ‖ tag, as exchange_links keeps
-- passwords), so neither the database nor an outbox listing shows a live invitation token. NULL for other mail, and
-- for invitation mails written before this migration (their bodies keep the link until the outbox is cleared).
ALTER TABLE outbox ADD COLUMN sealed_link BLOB;
