-- Customers (客户): companies, their contacts, customer groups, and their custom fields.
-- Kept column for column identical to migrations/postgres so one SQL text serves both.
--
-- Sized for one tenant with 1,000,000 contacts in 100,000 companies. Every index leads with
-- tenant_id and serves one query of the API, named beside it:
-- - what an incoming call or message does — find a contact by exact mobile, landline or
--   e-mail (p99 < 5 ms) — is one index seek on a lookup key kefu computes (landline
--   digits only, e-mail lower-cased), so both backends compare the same strings;
-- - name substrings use trigram indexes (FTS5 here, pg_trgm on PostgreSQL) over a
--   lower-cased copy of the name, as agents' names do (0008);
-- - the plain contact list locates page N from per-block counts (contact_id_counts), as the
--   agent list does (0012), so page 5,000 costs what page 1 does.
-- Soft deletion is is_deleted (0/1) on companies and contacts: the wire's company status 2
-- and contact state 3. Partial indexes say `WHERE is_deleted = 0`; a query that wants them
-- must say so literally.

-- The company account's setting: 1 = 2B (companies and their contacts), 2 = 2C (contacts
-- only); and the counters of custom field keys per entity kind, as field_counter is for
-- agents (0002): a removed field's key is never given to another field.
ALTER TABLE tenants ADD COLUMN customer_mode INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN company_field_counter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN contact_field_counter INTEGER NOT NULL DEFAULT 0;

-- Customer groups (客户分组): 1 a group of companies, 2 a group of contacts, fixed at
-- creation. (tenant_id, id, group_type) is what memberships point at, so a company can only
-- join a company group and a contact a contact group, whatever runs concurrently.
CREATE TABLE customer_groups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    name       TEXT    NOT NULL,
    group_type INTEGER NOT NULL CHECK (group_type IN (1, 2)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, id, group_type)
);
CREATE UNIQUE INDEX customer_groups_name ON customer_groups (tenant_id, group_type, name);

-- Companies (公司). Service dates are 'YYYY-MM-DD' (NULL: open end); tags is tableName as
-- answered, company_tags the same tags one row each, for lookups.
CREATE TABLE companies (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id),
    name             TEXT    NOT NULL,
    search_name      TEXT    NOT NULL,
    support_id       INTEGER,
    service_start    TEXT,
    service_end      TEXT,
    website          TEXT    NOT NULL,
    note             TEXT    NOT NULL,
    service_charge   TEXT    NOT NULL,
    service_account  TEXT    NOT NULL,
    service_password TEXT    NOT NULL,
    address          TEXT    NOT NULL,
    province         TEXT    NOT NULL,
    city             TEXT    NOT NULL,
    tags             TEXT    NOT NULL,
    is_deleted       INTEGER NOT NULL,
    deleted_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, support_id) REFERENCES agents (tenant_id, id)
);
-- Names are unique among live companies: imports match a contact's company by name.
CREATE UNIQUE INDEX companies_name_live ON companies (tenant_id, name) WHERE is_deleted = 0;
-- GET /companies.json by id: live ones (deStat=0) seek is_deleted = 0; all of them
-- (deStat=1) read UNIQUE (tenant_id, id).
CREATE INDEX companies_by_id ON companies (tenant_id, is_deleted, id);
-- created_start/_end/_order and updated_*: ranges and orders; is_deleted rides along so
-- the deStat filter and the count read the index only.
CREATE INDEX companies_by_created ON companies (tenant_id, created_at, id, is_deleted);
CREATE INDEX companies_by_updated ON companies (tenant_id, updated_at, id, is_deleted);

-- companyName substrings (the company search), kept in step by triggers.
CREATE VIRTUAL TABLE companies_search USING fts5(
    search_name, content = 'companies', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies BEGIN
    INSERT INTO companies_search (rowid, search_name) VALUES (new.id, new.search_name);
END;
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
    INSERT INTO companies_search (companies_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
CREATE TRIGGER companies_search_update AFTER UPDATE OF search_name ON companies BEGIN
    INSERT INTO companies_search (companies_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
    INSERT INTO companies_search (rowid, search_name) VALUES (new.id, new.search_name);
END;

-- tableName:TAG of the company search; the primary key also answers a company's tags.
CREATE TABLE company_tags (
    tenant_id  INTEGER NOT NULL,
    company_id INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, company_id, tag),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id)
);
CREATE INDEX company_tags_by_tag ON company_tags (tenant_id, tag, company_id);

-- service_groupid: the support groups serving a company. The only copy of the list (no
-- text column beside it), so deleting a support group — which cascades here — leaves no
-- stale id behind.
CREATE TABLE company_service_groups (
    tenant_id  INTEGER NOT NULL,
    company_id INTEGER NOT NULL,
    group_id   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, company_id, group_id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES support_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX company_service_groups_by_group ON company_service_groups (tenant_id, group_id, company_id);

-- A company's userGroup: at most one company group (the primary key), dropped with the
-- group.
CREATE TABLE company_group_members (
    tenant_id  INTEGER NOT NULL,
    company_id INTEGER NOT NULL,
    group_id   INTEGER NOT NULL,
    group_type INTEGER NOT NULL DEFAULT 1 CHECK (group_type = 1),
    PRIMARY KEY (tenant_id, company_id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id, group_type) REFERENCES customer_groups (tenant_id, id, group_type) ON DELETE CASCADE
);
CREATE INDEX company_group_members_by_group ON company_group_members (tenant_id, group_id, company_id);

-- Contacts (联系人, the API's users). state is 1 employed or 2 left; deletion (the wire's
-- state 3) is is_deleted, so a restored contact gets its state back. Lookup keys:
-- fixnumber_key is the landline's digits, email_key the address lower-cased.
CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    company_id    INTEGER,
    name          TEXT    NOT NULL,
    search_name   TEXT    NOT NULL,
    mobile        TEXT    NOT NULL,
    fixnumber     TEXT    NOT NULL,
    fixnumber_key TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL,
    position      TEXT    NOT NULL,
    qq            TEXT    NOT NULL,
    note          TEXT    NOT NULL,
    state         INTEGER NOT NULL,
    is_default    INTEGER NOT NULL,
    support_id    INTEGER,
    creator_id    INTEGER NOT NULL,
    tags          TEXT    NOT NULL,
    is_deleted    INTEGER NOT NULL,
    deleted_at    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
    FOREIGN KEY (tenant_id, support_id) REFERENCES agents (tenant_id, id),
    FOREIGN KEY (tenant_id, creator_id) REFERENCES agents (tenant_id, id)
);
-- Exact lookups of an incoming call or message. Not unique (a switchboard number or a
-- shared mailbox may belong to several contacts) and not partial (a bound parameter cannot
-- prove `<> ''`, so a partial index would never be chosen; empty values cost only space).
CREATE INDEX contacts_by_mobile ON contacts (tenant_id, mobile);
CREATE INDEX contacts_by_fixnumber ON contacts (tenant_id, fixnumber_key);
CREATE INDEX contacts_by_email ON contacts (tenant_id, email_key);
-- GET /users.json by id: live contacts seek is_deleted = 0 from the block that
-- contact_id_counts says holds the page; deStat=1 reads UNIQUE (tenant_id, id).
CREATE INDEX contacts_by_id ON contacts (tenant_id, is_deleted, id);
CREATE INDEX contacts_by_created ON contacts (tenant_id, created_at, id, is_deleted);
CREATE INDEX contacts_by_updated ON contacts (tenant_id, updated_at, id, is_deleted);
-- GET /companies/{uId}/users.json, and companyId: in the contact search.
CREATE INDEX contacts_by_company ON contacts (tenant_id, company_id, id);
-- One default contact per company (among live contacts): setting a new one clears the old
-- in the same transaction, and two concurrent ones cannot both win.
CREATE UNIQUE INDEX contacts_default_per_company ON contacts (tenant_id, company_id)
    WHERE is_default = 1 AND is_deleted = 0;

-- Name substrings (name: of the contact search, and a bare value), p99 < 20 ms.
CREATE VIRTUAL TABLE contacts_search USING fts5(
    search_name, content = 'contacts', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search (rowid, search_name) VALUES (new.id, new.search_name);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_search (contacts_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_name ON contacts BEGIN
    INSERT INTO contacts_search (contacts_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
    INSERT INTO contacts_search (rowid, search_name) VALUES (new.id, new.search_name);
END;

-- How many contacts each tenant has per block of 1,024 ids (id / 1024), live and deleted:
-- summed, the list's count; walked in id order, the block page N starts in. Kept in the
-- transaction of every contact insert, deletion and restore (as agent_id_counts, 0012).
CREATE TABLE contact_id_counts (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    id_block   INTEGER NOT NULL,
    is_deleted INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id_block, is_deleted)
);

-- Remote ids (uniqueId / uniqueIds): unique in the tenant, so an integration finds its
-- contact by its own id with one seek; position keeps the order given (the first is the
-- old endpoints' uniqueId).
CREATE TABLE contact_unique_ids (
    tenant_id  INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    unique_id  TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, position),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
);
CREATE UNIQUE INDEX contact_unique_ids_lookup ON contact_unique_ids (tenant_id, unique_id);

CREATE TABLE contact_tags (
    tenant_id  INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, tag),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
);
CREATE INDEX contact_tags_by_tag ON contact_tags (tenant_id, tag, contact_id);

-- A contact's userGroup: contact groups only (group_type 2), dropped with the group.
CREATE TABLE contact_group_members (
    tenant_id  INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    group_id   INTEGER NOT NULL,
    group_type INTEGER NOT NULL DEFAULT 2 CHECK (group_type = 2),
    PRIMARY KEY (tenant_id, contact_id, group_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id, group_type) REFERENCES customer_groups (tenant_id, id, group_type) ON DELETE CASCADE
);
CREATE INDEX contact_group_members_by_group ON contact_group_members (tenant_id, group_id, contact_id);

-- Custom fields of companies and of contacts: definitions and values as support_fields and
-- agent_field_values (0002), one pair of tables per entity kind so every value's foreign
-- key names its record. field_type is the kind's wire name; settings the
-- kefu_domain::custom_field::CustomFieldSettings JSON (options, option ids, table columns,
-- read-only range).
CREATE TABLE company_fields (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    number     INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    field_type TEXT    NOT NULL,
    required   INTEGER NOT NULL,
    settings   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, number)
);

CREATE TABLE company_field_values (
    tenant_id    INTEGER NOT NULL,
    company_id   INTEGER NOT NULL,
    field_number INTEGER NOT NULL,
    value        TEXT    NOT NULL,
    search_value TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, company_id, field_number),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
    FOREIGN KEY (tenant_id, field_number) REFERENCES company_fields (tenant_id, number) ON DELETE CASCADE
);
CREATE INDEX company_field_values_by_field ON company_field_values (tenant_id, field_number);

CREATE TABLE contact_fields (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    number     INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    field_type TEXT    NOT NULL,
    required   INTEGER NOT NULL,
    settings   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, number)
);

CREATE TABLE contact_field_values (
    tenant_id    INTEGER NOT NULL,
    contact_id   INTEGER NOT NULL,
    field_number INTEGER NOT NULL,
    value        TEXT    NOT NULL,
    search_value TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, field_number),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
    FOREIGN KEY (tenant_id, field_number) REFERENCES contact_fields (tenant_id, number) ON DELETE CASCADE
);
CREATE INDEX contact_field_values_by_field ON contact_field_values (tenant_id, field_number);
