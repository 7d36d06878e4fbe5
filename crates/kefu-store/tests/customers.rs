//! The customer store on both backends: custom field definitions per entity kind,
//! companies and contacts written with everything they hold in one transaction, the
//! default contact switch, unique conflicts, soft deletion and restoring, tenant scoping,
//! lists and searches, customer groups and the 2B/2C setting.
//!
//! PostgreSQL runs when `KEFU_TEST_POSTGRES_URL` is set (a fresh database per test), and is
//! required when `KEFU_TEST_REQUIRE_POSTGRES=1`.

use kefu_domain::agent::{FixNumber, JobNumber, NewAgent, PassportName};
use kefu_domain::custom_field::{
    CustomField, CustomFieldSettings, FieldEntity, FieldKind, FieldSettings, FieldType, FieldValue,
};
use kefu_domain::customer::CustomerMode;
use kefu_domain::customer::company::{CompanyName, CompanyPatch, CompanyStatus, NewCompany};
use kefu_domain::customer::contact::{ContactMobile, ContactName, ContactPatch, NewContact, RemoteId};
use kefu_domain::customer::group::CustomerGroupType;
use kefu_domain::customer::search::{parse_company_query, parse_contact_query};
use kefu_domain::tags::Tags;
use kefu_domain::{AgentId, ContactId, TenantId};
use kefu_store::{
    CustomerListFilter, CustomerOrder, NewTenant, Store, StoreError, StoreOptions, TenantAdmin, UniqueConstraint,
    Window,
};
use sqlx::{AnyConnection, Connection, Executor};

struct Tenant {
    id: TenantId,
    admin: AgentId,
}

async fn tenant(store: &Store, login: &str) -> Tenant {
    let admin = TenantAdmin {
        agent: NewAgent {
            is_admin: true,
            ..NewAgent::new(PassportName::parse(login).expect("login"), JobNumber::parse("1").expect("sNum"))
        },
        password_hash: "not-a-real-hash".to_owned(),
    };
    let new = NewTenant { name: login.to_owned(), time_zone: "UTC".to_owned(), default_password_hash: None };
    let record = store.create_tenant(&new, &admin).await.expect("tenant");
    Tenant { id: record.tenant_id, admin: record.id }
}

const ALL: Window = Window { limit: 100, offset: 0 };

fn field(entity: FieldEntity, title: &str, options: &[&str]) -> CustomField {
    let kind = if options.is_empty() { FieldType::Text } else { FieldType::Dropdown };
    CustomField {
        entity,
        number: 0,
        title: title.to_owned(),
        kind: FieldKind::Basic(kind),
        required: false,
        settings: CustomFieldSettings {
            base: FieldSettings { options: options.iter().map(|o| o.to_string()).collect(), ..Default::default() },
            ..Default::default()
        },
    }
}

fn contact(mobile: &str) -> NewContact {
    NewContact { mobile: ContactMobile::parse(mobile).expect("mobile"), ..NewContact::default() }
}

async fn exercise(store: &Store) {
    let a = tenant(store, "admin@a.example").await;
    let b = tenant(store, "admin@b.example").await;

    // Field definitions: keys per kind, option ids kept across edits.
    let company_field =
        store.create_custom_field(a.id, &field(FieldEntity::Company, "级别", &["金", "银"])).await.expect("field");
    assert_eq!(company_field.field.number, 1);
    let contact_field =
        store.create_custom_field(a.id, &field(FieldEntity::Contact, "爱好", &[])).await.expect("field");
    assert_eq!(contact_field.field.number, 1, "each kind numbers its own keys");
    let ticket_field = store.create_custom_field(a.id, &field(FieldEntity::Ticket, "型号", &[])).await.expect("field");
    assert_eq!(ticket_field.field.number, 1);
    let second = store.create_custom_field(a.id, &field(FieldEntity::Company, "行业", &[])).await.expect("field");
    assert_eq!(second.field.number, 2);
    let mut edited = company_field.field.clone();
    edited.settings.base.options = vec!["银".into(), "铜".into()];
    let edited = store.update_custom_field(a.id, &edited).await.expect("update field");
    let ids = edited.field.option_ids();
    assert_eq!((ids.id_of(&["银"]), ids.id_of(&["铜"]), ids.id_of(&["金"])), (Some(2), Some(3), None));
    assert_eq!(store.custom_fields(a.id, FieldEntity::Company).await.expect("list").len(), 2);
    assert!(store.custom_fields(b.id, FieldEntity::Company).await.expect("list").is_empty());
    store.delete_custom_field(a.id, FieldEntity::Company, 2).await.expect("delete field");
    let third = store.create_custom_field(a.id, &field(FieldEntity::Company, "规模", &[])).await.expect("field");
    assert_eq!(third.field.number, 3, "a removed key is never given again");
    assert!(store.custom_field(b.id, FieldEntity::Company, 1).await.expect("read").is_none());

    // Groups.
    let company_group = store.create_customer_group(a.id, "大客户", CustomerGroupType::Company).await.expect("group");
    let contact_group =
        store.create_customer_group(a.id, "大客户", CustomerGroupType::Contact).await.expect("same name, other type");
    match store.create_customer_group(a.id, "大客户", CustomerGroupType::Contact).await {
        Err(StoreError::Conflict { constraint: UniqueConstraint::CustomerGroupName, value }) => {
            assert_eq!(value, "大客户")
        }
        other => panic!("a second name: {other:?}"),
    }

    // Companies.
    let mut new = NewCompany::new(CompanyName::parse("北京网康科技有限公司").expect("name"));
    new.tags = Tags::parse("VIP,北京").expect("tags");
    new.group = Some(contact_group.id);
    match store.create_company(a.id, a.admin, &new).await {
        Err(StoreError::UnknownCustomerGroups(ids)) => assert_eq!(ids, vec![contact_group.id]),
        other => panic!("a contact group for a company: {other:?}"),
    }
    new.group = Some(company_group.id);
    new.custom_fields = vec![(1, FieldValue::Text("银".into()))];
    let company = store.create_company(a.id, a.admin, &new).await.expect("company");
    assert_eq!(
        (company.tags.as_str(), company.group, company.support),
        ("VIP,北京", Some(company_group.id), Some(a.admin))
    );
    assert_eq!(company.custom_fields, vec![(1, "\"银\"".to_owned())]);
    match store.create_company(a.id, a.admin, &new).await {
        Err(StoreError::Conflict { constraint: UniqueConstraint::CompanyName, value }) => {
            assert_eq!(value, "北京网康科技有限公司")
        }
        other => panic!("a second name: {other:?}"),
    }
    let other_tenant = store
        .create_company(b.id, b.admin, &NewCompany::new(CompanyName::parse("北京网康科技有限公司").expect("name")))
        .await
        .expect("another tenant may use the name");
    assert!(store.company(a.id, other_tenant.id).await.expect("read").is_none());
    let found =
        store.search_companies(a.id, &parse_company_query("网康科技", 100).expect("query"), ALL).await.expect("search");
    assert_eq!(found.rows.iter().map(|c| c.id).collect::<Vec<_>>(), vec![company.id]);
    let found = store
        .search_companies(a.id, &parse_company_query("tableName:VIP", 100).expect("query"), ALL)
        .await
        .expect("search");
    assert_eq!(found.total, 1);

    // Contacts: everything in one transaction, the default switch.
    let mut first = contact("13039209552");
    first.name = ContactName::parse("张三").expect("name");
    first.company = Some(company.id);
    first.is_default = true;
    first.fixnumber = FixNumber::parse("010-63701717").expect("landline");
    first.remote_ids = vec![RemoteId::parse("wx_1", "微信").expect("id")];
    first.groups = vec![contact_group.id];
    first.tags = Tags::parse("老客户").expect("tags");
    first.custom_fields = vec![(1, FieldValue::Text("篮球".into()))];
    let first = store.create_contact(a.id, a.admin, &first).await.expect("contact");
    assert!(first.is_default);
    assert_eq!(first.remote_ids[0].id, "wx_1");
    assert_eq!(first.groups, vec![contact_group.id]);
    assert_eq!(first.custom_fields.len(), 1);
    let mut second = contact("13039209553");
    second.company = Some(company.id);
    second.is_default = true;
    second.remote_ids = vec![RemoteId::parse("wx_1", "").expect("id")];
    match store.create_contact(a.id, a.admin, &second).await {
        Err(StoreError::Conflict { constraint: UniqueConstraint::ContactUniqueId, value }) => assert_eq!(value, "wx_1"),
        other => panic!("a taken remote id: {other:?}"),
    }
    assert!(
        store.contact(a.id, first.id).await.expect("read").expect("still there").is_default,
        "nothing half written"
    );
    second.remote_ids = vec![];
    let second = store.create_contact(a.id, a.admin, &second).await.expect("contact");
    assert!(second.is_default);
    assert!(!store.contact(a.id, first.id).await.expect("read").expect("there").is_default, "one default per company");
    let patch = ContactPatch { is_default: Some(true), ..ContactPatch::default() };
    store.update_contact(a.id, first.id, &patch, false).await.expect("switch back");
    assert!(!store.contact(a.id, second.id).await.expect("read").expect("there").is_default);

    // Searches.
    for (query, expected) in [
        ("mobile:13039209552", vec![first.id]),
        ("fixnumber:01063701717", vec![first.id]),
        ("张三", vec![first.id]),
        ("uniqueId:wx_1", vec![first.id]),
        ("tableName:老客户", vec![first.id]),
        ("field_1:篮", vec![first.id]),
        ("13039209553", vec![second.id]),
    ] {
        let term = parse_contact_query(query, 100).expect("query");
        let found = store.search_contacts(a.id, &term, ALL).await.expect("search");
        assert_eq!(found.rows.iter().map(|c| c.id).collect::<Vec<ContactId>>(), expected, "{query}");
        let elsewhere = store.search_contacts(b.id, &term, ALL).await.expect("search");
        assert_eq!(elsewhere.total, 0, "{query} in another tenant");
    }

    // Soft deletion, deStat, restoring.
    let deleted = store.delete_contact(a.id, second.id).await.expect("delete");
    assert!(!deleted.is_deleted, "answered as it was");
    let live = store
        .list_contacts(a.id, None, &CustomerListFilter::default(), CustomerOrder::IdAscending, ALL)
        .await
        .expect("list");
    assert_eq!(live.total, 1);
    let all = CustomerListFilter { with_deleted: true, ..CustomerListFilter::default() };
    let with_deleted =
        store.list_contacts(a.id, None, &all, CustomerOrder::Created { descending: true }, ALL).await.expect("list");
    assert_eq!(with_deleted.rows.iter().map(|c| c.id).collect::<Vec<_>>(), vec![second.id, first.id]);
    assert!(store.contacts_by_id(a.id, &[second.id, first.id]).await.expect("by id").iter().all(|c| c.id == first.id));
    let restored = store.update_contact(a.id, second.id, &ContactPatch::default(), true).await.expect("restore");
    assert!(!restored.is_deleted);
    let of_company = store
        .list_contacts(a.id, Some(company.id), &CustomerListFilter::default(), CustomerOrder::IdAscending, ALL)
        .await
        .expect("list");
    assert_eq!(of_company.total, 2);
    assert!(
        store.update_contact(b.id, first.id, &ContactPatch::default(), false).await.is_err(),
        "another tenant's contact"
    );

    // A deleted company takes no new contact; restoring it brings it back.
    let patch = CompanyPatch { status: Some(CompanyStatus::Deleted), ..CompanyPatch::default() };
    assert!(store.update_company(a.id, company.id, &patch).await.expect("delete").is_deleted);
    let mut third = contact("13039209554");
    third.company = Some(company.id);
    assert!(matches!(store.create_contact(a.id, a.admin, &third).await, Err(StoreError::Stale(_))));
    let patch = CompanyPatch { status: Some(CompanyStatus::Active), ..CompanyPatch::default() };
    assert!(!store.update_company(a.id, company.id, &patch).await.expect("restore").is_deleted);
    store.delete_company(a.id, company.id).await.expect("delete");
    let live = store
        .list_companies(a.id, &CustomerListFilter::default(), CustomerOrder::IdAscending, ALL)
        .await
        .expect("list");
    assert_eq!(live.total, 0);
    assert_eq!(store.count_companies(a.id).await.expect("count"), 1);

    // Deleting a group empties it.
    store.delete_customer_group(a.id, contact_group.id).await.expect("delete group");
    assert!(store.contact(a.id, first.id).await.expect("read").expect("there").groups.is_empty());

    // The customer mode.
    assert_eq!(store.tenant_settings(a.id).await.expect("settings").customer_mode, CustomerMode::Business);
    store.set_customer_mode(a.id, CustomerMode::Consumer).await.expect("2C");
    assert_eq!(store.tenant_settings(a.id).await.expect("settings").customer_mode, CustomerMode::Consumer);
    assert_eq!(store.tenant_settings(b.id).await.expect("settings").customer_mode, CustomerMode::Business);
}

#[tokio::test]
async fn customers_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    exercise(&store).await;
    store.close().await;
}

/// A fresh database on the server `KEFU_TEST_POSTGRES_URL` names, dropped afterwards.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create() -> Option<PgDatabase> {
        let Ok(admin_url) = std::env::var("KEFU_TEST_POSTGRES_URL") else {
            assert_ne!(
                std::env::var("KEFU_TEST_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "KEFU_TEST_REQUIRE_POSTGRES=1 but KEFU_TEST_POSTGRES_URL is not set"
            );
            eprintln!("KEFU_TEST_POSTGRES_URL is not set: the PostgreSQL schema test is SKIPPED");
            return None;
        };
        sqlx::any::install_default_drivers();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let name = format!("kefu_t_customers_{}_{nanos}", std::process::id());
        let mut admin = AnyConnection::connect(&admin_url).await.expect("connect to KEFU_TEST_POSTGRES_URL");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
        let _ = admin.close().await;
        let base = admin_url.split('?').next().unwrap_or(&admin_url);
        let host = &base[..base.rfind('/').filter(|i| *i > "postgres://".len()).unwrap_or(base.len())];
        let url = format!("{host}/{name}");
        Some(PgDatabase { admin_url, name, url })
    }

    async fn drop(self) {
        if let Ok(mut admin) = AnyConnection::connect(&self.admin_url).await {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str()).await;
            let _ = admin.close().await;
        }
    }
}

#[tokio::test]
async fn customers_on_postgres() {
    let Some(db) = PgDatabase::create().await else { return };
    let store = Store::connect(&db.url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    exercise(&store).await;
    store.close().await;
    db.drop().await;
}
