-- Link generations never go back: unlinking and linking again continues the count, because the password
-- expiry notice ledger is keyed on (organization, generation, notice) and a reused generation would look
-- already notified. The organization keeps the last generation it handed out.
ALTER TABLE organizations ADD COLUMN last_link_generation INTEGER NOT NULL DEFAULT 0;

-- Every successful link or re-link used one generation; count them, so an organization unlinked before this
-- migration does not start again at 1.
UPDATE organizations SET last_link_generation = (
    SELECT COUNT(*) FROM link_audit
    WHERE link_audit.organization_id = organizations.id
      AND link_audit.outcome = 'succeeded' AND link_audit.action IN ('link', 'relink')
);
UPDATE organizations SET last_link_generation = (
    SELECT generation FROM exchange_links WHERE exchange_links.organization_id = organizations.id
)
WHERE last_link_generation < COALESCE(
    (SELECT generation FROM exchange_links WHERE exchange_links.organization_id = organizations.id), 0);
