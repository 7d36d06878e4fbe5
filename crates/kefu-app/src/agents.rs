//! Agents (客服): list and search, show, create, update, hide/restore, delete — and the
//! console's roster.

use jiff::tz::TimeZone;
use kefu_domain::agent::{
    AgentName, AgentPatch, AgentStatus, CurrentPrivileges, Email, FixNumber, Gender, JobNumber, Mobile, NewAgent,
    PassportName, QqNumber, authorize_patch, parse_admin_flag, parse_group_ids,
};
use kefu_domain::custom_field::FieldDefinition;
use kefu_domain::paging::PageRequest;
use kefu_domain::password::Password;
use kefu_domain::search::SearchField;
use kefu_domain::time::format_datetime;
use kefu_domain::{AgentId, FieldError};
use kefu_store::{AgentListFilter, AgentOrder, AgentRecord, Page, RosterEntry, RosterFilter, Window};

use crate::custom_fields::{CustomValue, FieldContext};
use crate::error::OrNotFound;
use crate::{App, AppError, Caller, Members};

/// The agent use cases: `app.agents()`.
pub struct Agents<'a>(&'a App);

impl App {
    pub fn agents(&self) -> Agents<'_> {
        Agents(self)
    }
}

/// A list or search of agents, checked.
#[derive(Debug, Clone)]
pub struct AgentQuery {
    pub filter: AgentListFilter,
    pub order: AgentOrder,
    pub page: PageRequest,
}

/// What a client sent to create or change an agent, as an edge read it: the built-in
/// members parsed by their rules, the custom fields as sent — checking them needs the
/// company's definitions, which the use case loads — and every problem found so far. The
/// use case adds its own and answers all of them at once.
#[derive(Debug, Clone, Default)]
pub struct AgentInput {
    /// `sPassportName`, on creation.
    pub passport_name: Option<PassportName>,
    /// The built-in members that were sent and parsed (`custom_fields` stays empty: the
    /// custom values are in [`AgentInput::custom_fields`]).
    pub fields: AgentPatch,
    pub custom_fields: Vec<CustomValue>,
    /// Members the server sets, sent back on an update (a GET, edited, PUT back).
    pub unchanged: Unchanged,
    /// The problems the edge found, in the order found.
    pub problems: Vec<FieldError>,
}

/// Server-set members sent back with a change: harmless when they are the stored values,
/// refused when they would change them.
#[derive(Debug, Clone, Default)]
pub struct Unchanged {
    pub passport_name: Option<String>,
    pub created: Option<String>,
    pub status: Option<String>,
}

impl AgentInput {
    /// The members of a new agent: `sPassportName` and `sNum` are required.
    pub fn read_new(m: &mut impl Members) -> Self {
        let passport_name = m.require("sPassportName", PassportName::parse);
        let job_number = m.require("sNum", JobNumber::parse);
        let mut fields = read_fields(m);
        fields.job_number = job_number;
        AgentInput { passport_name, fields, ..AgentInput::default() }
    }

    /// The members of a change: what is sent changes, what is not stays. `sPassportName`,
    /// `createDT` and `isStat` may be sent back only unchanged.
    pub fn read_changes(m: &mut impl Members) -> Self {
        let unchanged =
            Unchanged { passport_name: m.text("sPassportName"), created: m.text("createDT"), status: m.text("isStat") };
        let job_number = m.parse("sNum", JobNumber::parse);
        let mut fields = read_fields(m);
        fields.job_number = job_number;
        AgentInput { fields, unchanged, ..AgentInput::default() }
    }

    /// An input refused as a whole (a body that is not `{"support":{…}}`): answered once the
    /// agent it is for is known to exist, as the request's first problem would be.
    pub fn refused(problems: Vec<FieldError>) -> Self {
        AgentInput { problems, ..AgentInput::default() }
    }
}

/// The optional built-in members, in the order the API reads them.
fn read_fields(m: &mut impl Members) -> AgentPatch {
    AgentPatch {
        password: m.parse("password", Password::parse),
        job_number: None,
        name: m.parse("name", AgentName::parse),
        gender: m.parse("gnder", Gender::parse),
        email: m.parse("email", Email::parse),
        fixnumber: m.parse("fixnumber", FixNumber::parse),
        mobile: m.parse("mobile", Mobile::parse),
        qq: m.parse("QQ", QqNumber::parse),
        is_admin: m.parse("isAdmin", parse_admin_flag),
        groups: m.parse("groupId", parse_group_ids),
        custom_fields: Vec::new(),
    }
}

impl Unchanged {
    /// A problem for each member sent back with another value than the stored one.
    fn check(&self, agent: &AgentRecord, zone: &TimeZone) -> Vec<FieldError> {
        let fixed = [
            (
                "sPassportName",
                &self.passport_name,
                agent.passport_name.clone(),
                " (an agent's login is fixed once created)",
            ),
            ("createDT", &self.created, format_datetime(agent.created_at, zone), ""),
            (
                "isStat",
                &self.status,
                agent.status.code().to_string(),
                " (hide or restore an agent with PUT /api/v1/servicers/{sId}.json)",
            ),
        ];
        fixed
            .into_iter()
            .filter(|(_, sent, stored, _)| sent.as_ref().is_some_and(|sent| sent != stored))
            .map(|(key, _, _, hint)| FieldError::new(key, format!("cannot be changed{hint}")))
            .collect()
    }
}

/// An agent as changed, and its new password's hash when the change set one (a console
/// session that changed its own password stays bound to it).
pub struct AgentUpdate {
    pub agent: AgentRecord,
    pub password_hash: Option<String>,
}

impl Agents<'_> {
    /// One page of the company's agents (administrators): the list, or a search. A search
    /// by a custom field the company does not define is refused.
    pub async fn page(&self, caller: &Caller, query: &AgentQuery) -> Result<Page<AgentRecord>, AppError> {
        caller.require_admin()?;
        let store = self.0.store();
        if let Some(SearchField::Custom(number)) = query.filter.search.as_ref().and_then(|s| s.field)
            && store.field_definition(caller.tenant, number).await?.is_none()
        {
            return Err(AppError::undefined_search_field(number));
        }
        Ok(store.list_agents(caller.tenant, &query.filter, query.order, Window::from(query.page)).await?)
    }

    /// One agent of the caller's company; any agent may read any colleague.
    pub async fn show(&self, caller: &Caller, id: AgentId) -> Result<AgentRecord, AppError> {
        self.0.store().agent(caller.tenant, id).await?.ok_or_else(|| AppError::no_agent(id))
    }

    /// Several agents at once (administrators); unknown ids are left out.
    pub async fn show_many(&self, caller: &Caller, ids: &[AgentId]) -> Result<Vec<AgentRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().agents_by_ids(caller.tenant, ids).await?)
    }

    /// Creates an agent (administrators). Without a password it gets the company's
    /// default agent password.
    pub async fn create(&self, caller: &Caller, input: AgentInput) -> Result<AgentRecord, AppError> {
        caller.require_admin()?;
        let fields = FieldContext::load(self.0, caller.tenant).await?;
        let (custom, custom_problems) = fields.check(input.custom_fields, true);
        let mut problems = input.problems;
        problems.extend(custom_problems);
        AppError::check(problems)?;
        // No problem, so both required members parsed.
        let (Some(passport_name), Some(job_number)) = (input.passport_name, input.fields.job_number.clone()) else {
            return Err(AppError::internal());
        };
        let patch = input.fields;
        let mut new = NewAgent {
            passport_name,
            password: patch.password,
            job_number,
            name: patch.name.unwrap_or_default(),
            gender: patch.gender.unwrap_or_default(),
            email: patch.email.unwrap_or_default(),
            fixnumber: patch.fixnumber.unwrap_or_default(),
            mobile: patch.mobile.unwrap_or_default(),
            qq: patch.qq.unwrap_or_default(),
            is_admin: patch.is_admin.unwrap_or(false),
            groups: patch.groups.unwrap_or_default(),
            custom_fields: custom.into_iter().filter_map(|(number, value)| Some((number, value?))).collect(),
        };
        if new.password.is_some() {
            caller.require_password_sign_in("set passwords")?;
        }
        let password_hash = self.0.hash(new.password.take()).await?;
        Ok(self.0.store().create_agent(caller.tenant, &new, password_hash).await?)
    }

    /// Changes an agent. Administrators change anyone; other agents only their own
    /// harmless fields (`authorize_patch`). The change is checked against the agent as
    /// stored: read once here, and once more by the store as it answers the result.
    pub async fn update(&self, caller: &Caller, id: AgentId, input: AgentInput) -> Result<AgentUpdate, AppError> {
        let store = self.0.store();
        let current = store.agent(caller.tenant, id).await?.ok_or_else(|| AppError::no_agent(id))?;
        let fields = FieldContext::load(self.0, caller.tenant).await?;
        let mut problems = input.unchanged.check(&current, &caller.zone);
        problems.extend(input.problems);
        let (custom, custom_problems) = fields.check(input.custom_fields, false);
        problems.extend(custom_problems);
        AppError::check(problems)?;

        let mut patch = AgentPatch { custom_fields: custom, ..input.fields };
        let privileges = CurrentPrivileges {
            is_admin: current.is_admin,
            groups: current.groups.clone(),
            job_number: current.job_number.clone(),
        };
        authorize_patch(caller.actor(), id, &patch, &privileges).map_err(AppError::forbidden)?;
        if patch.password.is_some() {
            caller.require_password_sign_in("change passwords")?;
        }
        let password_hash = self.0.hash(patch.password.take()).await?;
        let agent = store
            .update_agent(caller.tenant, id, &patch, password_hash.clone())
            .await
            .or_not_found(|| AppError::no_agent(id))?;
        Ok(AgentUpdate { agent, password_hash })
    }

    /// Hides an agent in the recycle bin or restores it (administrators).
    pub async fn set_visibility(
        &self,
        caller: &Caller,
        id: AgentId,
        status: AgentStatus,
    ) -> Result<AgentRecord, AppError> {
        caller.require_admin()?;
        self.0.store().set_agent_status(caller.tenant, id, status).await.or_not_found(|| AppError::no_agent(id))
    }

    /// Deletes an agent (administrators); answers it as it was.
    pub async fn delete(&self, caller: &Caller, id: AgentId) -> Result<AgentRecord, AppError> {
        caller.require_admin()?;
        self.0.store().delete_agent(caller.tenant, id).await.or_not_found(|| AppError::no_agent(id))
    }

    /// The company's custom fields, which an agent's form shows: to any agent, on its own
    /// profile.
    pub async fn field_definitions(&self, caller: &Caller) -> Result<Vec<FieldDefinition>, AppError> {
        Ok(self.0.store().field_definitions(caller.tenant).await?.into_iter().map(|r| r.definition).collect())
    }

    /// The agents a console page lists (pickers, the week view), at most `limit`: an
    /// administrator's choice of them, or only the caller for anyone else.
    pub async fn roster(
        &self,
        caller: &Caller,
        filter: RosterFilter,
        limit: usize,
    ) -> Result<Vec<RosterEntry>, AppError> {
        let filter = if caller.is_admin {
            filter
        } else {
            RosterFilter { agent: Some(caller.agent), ..RosterFilter::default() }
        };
        Ok(self.0.store().roster(caller.tenant, filter, limit).await?)
    }
}

#[cfg(test)]
mod tests {
    use kefu_domain::agent::Gender;
    use kefu_domain::{AgentId, TenantId};

    use super::*;
    use crate::members::tests::Pairs;

    fn stored() -> AgentRecord {
        AgentRecord {
            id: AgentId(5),
            tenant_id: TenantId(1),
            passport_name: "zhang".into(),
            job_number: "001".into(),
            name: String::new(),
            gender: Gender::default(),
            email: String::new(),
            fixnumber: String::new(),
            mobile: String::new(),
            qq: String::new(),
            is_admin: false,
            status: AgentStatus::Active,
            groups: Vec::new(),
            // 2024-01-01 08:00:00 in Shanghai.
            created_at: 1_704_067_200_000_000,
            updated_at: 1_704_067_200_000_000,
            custom_fields: Vec::new(),
        }
    }

    #[test]
    fn a_new_agent_needs_its_login_and_job_number() {
        let mut m = Pairs::of(&[("gnder", "3"), ("name", "张三")]);
        let input = AgentInput::read_new(&mut m);
        assert_eq!(m.fields(), ["sPassportName", "sNum", "gnder"]);
        assert_eq!(input.fields.name.map(|n| n.as_str().to_owned()).as_deref(), Some("张三"));
    }

    #[test]
    fn a_change_is_checked_against_the_stored_agent() {
        let zone = kefu_domain::time::parse_time_zone("Asia/Shanghai").expect("zone");
        let mut m = Pairs::of(&[("sPassportName", "zhang"), ("createDT", "2024-01-01 08:00:00"), ("isStat", "1")]);
        let input = AgentInput::read_changes(&mut m);
        assert!(m.problems.is_empty());
        assert!(input.unchanged.check(&stored(), &zone).is_empty(), "sent back unchanged");

        let mut m = Pairs::of(&[("sPassportName", "li"), ("createDT", "2001-01-01 00:00:00"), ("isStat", "0")]);
        let changed = AgentInput::read_changes(&mut m).unchanged.check(&stored(), &zone);
        let fields: Vec<&str> = changed.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["sPassportName", "createDT", "isStat"]);
        assert!(changed[2].message.contains("servicers"), "{}", changed[2].message);
    }
}
