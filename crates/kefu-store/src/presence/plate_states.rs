//! The state lists of each plate, as a tenant's administrators configure them.
//!
//! A plate without a `plate_state_lists` row has its defaults. The row and the list are
//! written the first time anything is written for the plate (an administrator's list, or
//! an agent's first state, which materialises the defaults), because `agent_presence`
//! references `plate_states`: that foreign key is what keeps a held state from being
//! removed, on every instance, whatever runs concurrently.

use std::collections::BTreeMap;

use kefu_domain::presence::{Plate, StateList};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::{Commit, RollBack};
use crate::engine::{Cost, Db, Sql};
use crate::{Store, StoreError};

/// Agents listed at most in a "state still held" answer.
const HOLDERS_SHOWN: i64 = 10;

/// What replacing state lists came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplaceStates {
    /// The lists now in effect, every plate.
    Done(BTreeMap<Plate, StateList>),
    /// `state` of `plate` is held by agents (the first few; empty when an agent was set to
    /// it while the list was being changed), so it cannot be removed.
    Held { plate: Plate, state: String, agents: Vec<AgentId> },
}

impl Store {
    /// Every plate's list, the defaults where the tenant configured none. One query.
    pub async fn plate_states(&self, tenant: TenantId) -> Result<BTreeMap<Plate, StateList>, StoreError> {
        let query = Sql::fixed(
            "SELECT plate, name FROM plate_states WHERE tenant_id = $1 ORDER BY plate, position",
            [tenant.0.into()],
        );
        let rows = self.read(Cost::Scan).rows(&query, |row| Ok((row.int("plate")?, row.text("name")?))).await?;
        let mut stored: BTreeMap<Plate, Vec<String>> = BTreeMap::new();
        for (code, name) in rows {
            if let Some(plate) = Plate::from_code(code) {
                stored.entry(plate).or_default().push(name);
            }
        }
        Ok(Plate::ALL
            .into_iter()
            .map(|plate| {
                let list = match stored.remove(&plate) {
                    Some(names) => StateList::from_stored(names),
                    None => StateList::defaults(plate),
                };
                (plate, list)
            })
            .collect())
    }

    /// Replaces the lists of the plates given (the others keep theirs), in one
    /// transaction. A state an agent holds cannot be removed.
    pub async fn replace_plate_states(
        &self,
        tenant: TenantId,
        lists: &BTreeMap<Plate, StateList>,
    ) -> Result<ReplaceStates, StoreError> {
        let lists = lists.clone();
        let refused: Option<ReplaceStates> = self
            .write(move |db| {
                Box::pin(async move {
                    let now = now_micros();
                    // BTreeMap: plates in ascending order, so concurrent changes lock in one order.
                    for (plate, next) in &lists {
                        lock_list(db, tenant, *plate, now).await?;
                        let current = read_states(db, tenant, *plate).await?;
                        let removed = StateList::from_stored(current).removed_by(next);
                        if !removed.is_empty()
                            && let Some(held) = remove_states(db, tenant, *plate, &removed).await?
                        {
                            // Undo the plates already replaced: all or nothing.
                            return Ok(RollBack(Some(held)));
                        }
                        for (position, name) in next.names().iter().enumerate() {
                            let position = i64::try_from(position).unwrap_or(i64::MAX);
                            write_state(db, tenant, *plate, name, position).await?;
                        }
                    }
                    Ok(Commit(None))
                })
            })
            .await?;
        match refused {
            Some(refusal) => Ok(refusal),
            None => Ok(ReplaceStates::Done(self.plate_states(tenant).await?)),
        }
    }
}

/// The plate's list, for a transaction about to write an agent's state in it: a plate
/// still on its defaults gets them written first, so the agent's row can reference them.
pub(crate) async fn states_for_write(db: &mut Db, tenant: TenantId, plate: Plate) -> Result<StateList, StoreError> {
    let names = read_states(db, tenant, plate).await?;
    if !names.is_empty() {
        return Ok(StateList::from_stored(names));
    }
    let created = db
        .execute(&Sql::fixed(
            "INSERT INTO plate_state_lists (tenant_id, plate, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, plate) DO NOTHING",
            [tenant.0.into(), plate.code().into(), now_micros().into()],
        ))
        .await?;
    if created == 0 {
        // Another transaction configured the plate meanwhile; its list is committed now.
        return Ok(StateList::from_stored(read_states(db, tenant, plate).await?));
    }
    let defaults = StateList::defaults(plate);
    for (position, name) in defaults.names().iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        write_state(db, tenant, plate, name, position).await?;
    }
    Ok(defaults)
}

async fn read_states(db: &mut Db, tenant: TenantId, plate: Plate) -> Result<Vec<String>, StoreError> {
    let query = Sql::fixed(
        "SELECT name FROM plate_states WHERE tenant_id = $1 AND plate = $2 ORDER BY position",
        [tenant.0.into(), plate.code().into()],
    );
    db.rows(&query, |row| row.text("name")).await
}

/// Creates or touches the plate's list row, holding its lock until commit: changes to one
/// plate's list run one at a time, on every instance.
async fn lock_list(db: &mut Db, tenant: TenantId, plate: Plate, now: i64) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "INSERT INTO plate_state_lists (tenant_id, plate, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, plate) DO UPDATE SET updated_at = excluded.updated_at",
        [tenant.0.into(), plate.code().into(), now.into()],
    ))
    .await?;
    Ok(())
}

async fn write_state(db: &mut Db, tenant: TenantId, plate: Plate, name: &str, position: i64) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "INSERT INTO plate_states (tenant_id, plate, name, position) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (tenant_id, plate, name) DO UPDATE SET position = excluded.position",
        [tenant.0.into(), plate.code().into(), name.into(), position.into()],
    ))
    .await?;
    Ok(())
}

/// Removes states from a plate's list, unless an agent holds one: then says who.
async fn remove_states(
    db: &mut Db,
    tenant: TenantId,
    plate: Plate,
    removed: &[String],
) -> Result<Option<ReplaceStates>, StoreError> {
    let in_removed = |sql: &mut Sql| {
        sql.push(" AND state IN (");
        for (i, name) in removed.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(name.as_str());
        }
        sql.push(")");
    };

    // Deleted agents are gone from the API; the state they last had holds nothing.
    let mut forget = Sql::new("DELETE FROM agent_presence WHERE tenant_id = ");
    forget.bind(tenant.0).push(" AND plate = ").bind(plate.code());
    in_removed(&mut forget);
    forget.push(" AND agent_id IN (SELECT id FROM agents WHERE tenant_id = ").bind(tenant.0).push(" AND status = 2)");
    db.execute(&forget).await?;

    let mut holders = Sql::new("SELECT agent_id, state FROM agent_presence WHERE tenant_id = ");
    holders.bind(tenant.0).push(" AND plate = ").bind(plate.code());
    in_removed(&mut holders);
    holders.push(" ORDER BY state, agent_id LIMIT ").bind(HOLDERS_SHOWN);
    let rows = db.rows(&holders, |row| Ok((row.text("state")?, AgentId(row.int("agent_id")?)))).await?;
    if let Some((state, _)) = rows.first() {
        let state = state.clone();
        let agents = rows.into_iter().filter(|(held, _)| *held == state).map(|(_, agent)| agent).collect();
        return Ok(Some(ReplaceStates::Held { plate, state, agents }));
    }

    if delete_states(db, tenant, plate, removed).await? {
        Ok(None)
    } else {
        // An agent was set to one of them after the check above (another instance); the
        // foreign key refused the deletion.
        Ok(Some(ReplaceStates::Held { plate, state: removed.join(", "), agents: Vec::new() }))
    }
}

/// Deletes states from a plate's list; false when the database refuses because an agent
/// holds one.
async fn delete_states(db: &mut Db, tenant: TenantId, plate: Plate, names: &[String]) -> Result<bool, StoreError> {
    let mut delete = Sql::new("DELETE FROM plate_states WHERE tenant_id = ");
    delete.bind(tenant.0).push(" AND plate = ").bind(plate.code());
    delete.push(" AND name IN (");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            delete.push(", ");
        }
        delete.bind(name.as_str());
    }
    delete.push(")");
    match db.execute(&delete).await {
        Ok(_) => Ok(true),
        Err(StoreError::ForeignKey(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use kefu_domain::agent::{JobNumber, NewAgent, PassportName};
    use kefu_domain::presence::StateName;

    use super::*;
    use crate::{NewTenant, SetPresence, StoreOptions, TenantAdmin};

    /// The last line of defence against a held state being removed (a race between
    /// instances) is the foreign key; its refusal must be recognised, not be a 500.
    #[tokio::test]
    async fn the_foreign_key_refuses_removing_a_held_state() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("kefu.db").display());
        let store = Store::connect(&url, &StoreOptions::default()).await.expect("connect");
        store.migrate().await.expect("migrate");
        let admin = TenantAdmin {
            agent: NewAgent {
                is_admin: true,
                ..NewAgent::new(PassportName::parse("fk-admin").expect("login"), JobNumber::parse("1").expect("sNum"))
            },
            password_hash: "not-a-real-hash".to_owned(),
        };
        let tenant = NewTenant { name: "t".to_owned(), time_zone: "UTC".to_owned(), default_password_hash: None };
        let agent = store.create_tenant(&tenant, &admin).await.expect("tenant");
        let busy = StateName::parse("忙碌").expect("name");
        let set = store.set_presence(agent.tenant_id, agent.id, Plate::Chat, &busy, agent.id).await.expect("set");
        assert!(matches!(set, SetPresence::Set { .. }), "{set:?}");

        // Each attempt is undone after it is tried.
        let try_delete = |name: &str| {
            let removed = vec![name.to_owned()];
            store.write(move |db| {
                Box::pin(async move {
                    let deleted = delete_states(db, agent.tenant_id, Plate::Chat, &removed).await;
                    Ok(RollBack(deleted.ok()))
                })
            })
        };
        assert_eq!(try_delete("忙碌").await.ok(), Some(Some(false)));
        assert_eq!(try_delete("离开").await.ok(), Some(Some(true)));
        store.close().await;
    }
}
