//! `kefu-bench-load --database URL`: fills a fresh kefu database with the benchmark's
//! data set, straight through the store (loading it over HTTP would take longer than the
//! benchmark itself):
//!
//! - 10 tenants; nine with 100 agents, one ("bench") with 100,000;
//! - 1,000,000 sign-ins of 1,000 of the big tenant's agents, spread over 2025;
//! - a month (June 2031) of one shift a day for 10,000 of its agents.
//!
//! It prints `KEY=VALUE` lines that `bench/run` reads: the big tenant's administrator, its
//! agents' id range, and a field agent that signs in.

use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use kefu_bench::{ADMIN_PASSWORD, AGENT_PASSWORD, create_tenant, load_agents};
use kefu_domain::schedule::{ClockTime, DutyDate, DutyEntry, NewSchedule, ScheduleName, Shift};
use kefu_domain::signin::{Coordinate, NewSignIn, Place, Remark};
use kefu_domain::time::{DEFAULT_TIME_ZONE, RangeEnd, parse_range_bound, parse_time_zone};
use kefu_domain::{AgentId, TenantId};
use kefu_store::{Store, StoreOptions};

const BIG_TENANT_AGENTS: usize = 100_000;
const SMALL_TENANTS: usize = 9;
const SMALL_TENANT_AGENTS: usize = 100;
const SIGNINS: usize = 1_000_000;
const SIGNING_AGENTS: usize = 1_000;
const SCHEDULED_AGENTS: usize = 10_000;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let database = std::env::args()
        .skip_while(|a| a != "--database")
        .nth(1)
        .ok_or_else(|| anyhow!("usage: kefu-bench-load --database URL"))?;
    let store = Store::connect(&database, &StoreOptions::default()).await?;
    store.migrate().await?;
    let started = Instant::now();

    for t in 0..SMALL_TENANTS {
        let tenant = create_tenant(&store, &format!("small{t}-admin")).await?.tenant_id;
        load_agents(&store, tenant, &format!("s{t}-"), SMALL_TENANT_AGENTS).await?;
    }
    let big = create_tenant(&store, "bench-admin").await?.tenant_id;
    let ids = load_agents(&store, big, "a", BIG_TENANT_AGENTS).await?;
    eprintln!("agents loaded in {:?}", started.elapsed());

    load_signins(&store, big, &ids[..SIGNING_AGENTS]).await?;
    eprintln!("sign-ins loaded in {:?}", started.elapsed());
    load_schedules(&store, big, &ids[..SCHEDULED_AGENTS]).await?;
    eprintln!("schedules loaded in {:?}", started.elapsed());
    store.close().await;

    println!("ADMIN_ACCOUNT=bench-admin");
    println!("ADMIN_PASSWORD={ADMIN_PASSWORD}");
    println!("AGENT_PASSWORD={AGENT_PASSWORD}");
    println!("FIRST_ID={}", ids.first().map_or(0, |id| id.0));
    println!("LAST_ID={}", ids.last().map_or(0, |id| id.0));
    println!("AGENTS={BIG_TENANT_AGENTS}");
    println!("FIELD_AGENT=a{:06}", 0);
    Ok(())
}

async fn load_signins(store: &Store, tenant: TenantId, agents: &[AgentId]) -> Result<()> {
    let zone = parse_time_zone(DEFAULT_TIME_ZONE).map_err(|e| anyhow!(e))?;
    let start = parse_range_bound("2025-01-01", &zone, RangeEnd::Start).map_err(|e| anyhow!(e))?;
    let step = 365 * 86_400_000_000 / SIGNINS as i64;
    let place = Place {
        address: "北京市北京市东城区".to_owned(),
        landmark: "汉威城".to_owned(),
        latitude: Coordinate::latitude("39.923807").map_err(|e| anyhow!(e))?,
        longitude: Coordinate::longitude("116.40231").map_err(|e| anyhow!(e))?,
    };
    let remark = Remark::parse("例行签到").map_err(|e| anyhow!(e))?;
    for chunk_start in (0..SIGNINS).step_by(50_000) {
        let rows: Vec<(AgentId, NewSignIn)> = (chunk_start..SIGNINS.min(chunk_start + 50_000))
            .map(|i| {
                let sign_in = NewSignIn {
                    remark: Some(remark.clone()),
                    attachments: Vec::new(),
                    tags: Vec::new(),
                    checkin_at: start + i as i64 * step,
                    place: place.clone(),
                };
                (agents[(i * 7919) % agents.len()], sign_in)
            })
            .collect();
        store.import_signins(tenant, &rows).await.context("loading sign-ins")?;
    }
    Ok(())
}

async fn load_schedules(store: &Store, tenant: TenantId, agents: &[AgentId]) -> Result<()> {
    let shift = Shift::new(
        ClockTime::parse_start("09:00").map_err(|e| anyhow!(e))?,
        ClockTime::parse_end("18:00").map_err(|e| anyhow!(e))?,
    )
    .map_err(|e| anyhow!(e))?;
    let schedule = NewSchedule {
        name: Some(ScheduleName::parse("白班").map_err(|e| anyhow!(e))?),
        remark: None,
        shift,
        url: None,
    };
    for day in 1..=30 {
        let date = DutyDate::parse(&format!("2031-06-{day:02}")).map_err(|e| anyhow!(e))?;
        for chunk in agents.chunks(500) {
            let entries: Vec<DutyEntry> = chunk
                .iter()
                .map(|agent| DutyEntry { agent: *agent, date, schedules: vec![schedule.clone()] })
                .collect();
            store.create_schedules(tenant, &entries).await.context("loading schedules")?;
        }
    }
    Ok(())
}
