//! Sign-in list latency at depth: loads 1,000,000 sign-ins (one tenant, 200 agents, one
//! year) and times page 1 and page 5,000 of a range query through `Store::list_signins`,
//! next to the plain `COUNT(*)` + `LIMIT/OFFSET` query it replaces.
//!
//! Not a test, and not run by `cargo test`:
//!
//! ```sh
//! cargo bench -p kefu-store --bench signins
//! # other sizes, or PostgreSQL (an empty database):
//! KEFU_BENCH_SIGNINS=200000 cargo bench -p kefu-store --bench signins
//! KEFU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_bench cargo bench -p kefu-store --bench signins
//! ```

use std::time::{Duration, Instant};

use kefu_domain::agent::{AgentName, JobNumber, NewAgent, PassportName};
use kefu_domain::search::SortOrder;
use kefu_domain::signin::{Attachment, Coordinate, NewSignIn, Place, Remark, Tag, parse_file_url};
use kefu_domain::time::{DEFAULT_TIME_ZONE, RangeEnd, parse_range_bound, parse_time_zone};
use kefu_domain::{AgentId, TenantId};
use kefu_store::{NewTenant, SignInFilter, Store, StoreOptions, TenantAdmin, Window};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};

const AGENTS: usize = 200;
const PER_PAGE: u64 = 100;
const DEEP_PAGE: u64 = 5_000;
const ROUNDS: usize = 15;
/// Sign-ins per transaction while loading.
const LOAD_BATCH: usize = 50_000;
const YEAR_MICROS: i64 = 365 * 86_400_000_000;

type Failure = Box<dyn std::error::Error>;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Failure> {
    let total: usize = std::env::var("KEFU_BENCH_SIGNINS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("KEFU_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    println!("kefu sign-in list benchmark: {total} sign-ins on {}", kefu_store::redact(&url));

    let store = Store::connect(&url, &StoreOptions::default()).await?;
    store.migrate().await?;
    let (tenant, agents) = tenant_with_agents(&store).await?;

    let zone = parse_time_zone(DEFAULT_TIME_ZONE)?;
    // Data: 2023-01-01 to 2023-12-31 in the tenant's zone, evenly, agents round-robin.
    let start = parse_range_bound("2023-01-01", &zone, RangeEnd::Start)?;
    let loading = Instant::now();
    let mut loaded = 0;
    while loaded < total {
        let batch: Vec<(AgentId, NewSignIn)> = (loaded..total.min(loaded + LOAD_BATCH))
            .map(|i| {
                let at = start + (i as i64) * (YEAR_MICROS / total as i64);
                Ok((agents[(i * 7919) % agents.len()], sign_in(at, i)?))
            })
            .collect::<Result<_, String>>()?;
        loaded += store.import_signins(tenant, &batch).await?;
    }
    let load_time = loading.elapsed();
    println!("loaded in {:.1} s ({:.0} sign-ins/s)", load_time.as_secs_f64(), total as f64 / load_time.as_secs_f64());
    if url.starts_with("postgres") {
        let pool = raw_pool(&url).await?;
        sqlx::query("VACUUM ANALYZE signins").execute(&pool).await?;
    }

    // The range query: created_start=2023-01-01&created_end=2023-12-31 (whole local days,
    // so both ends are partial UTC days).
    let range = SignInFilter {
        agent: None,
        from: Some(start),
        until: Some(parse_range_bound("2023-12-31", &zone, RangeEnd::End)?),
    };
    let one_agent = SignInFilter { agent: Some(agents[0]), ..range };
    let agent_rows = (total / agents.len()) as u64;
    let agent_deep = (agent_rows / PER_PAGE / 2).max(1);

    println!();
    println!("{:<58} {:>10} {:>10} {:>10}", "query (per_page 100)", "min", "median", "max");
    for (label, filter, order, page) in [
        ("range, page 1, asc", range, SortOrder::Asc, 1),
        ("range, page 5000, asc", range, SortOrder::Asc, DEEP_PAGE),
        ("range, page 1, desc", range, SortOrder::Desc, 1),
        ("range, page 5000, desc", range, SortOrder::Desc, DEEP_PAGE),
        ("range + sId, page 1", one_agent, SortOrder::Asc, 1),
        ("range + sId, middle page", one_agent, SortOrder::Asc, agent_deep),
    ] {
        let window = Window { limit: PER_PAGE, offset: (page - 1) * PER_PAGE };
        let (timings, rows) = time(|| {
            let store = store.clone();
            async move {
                let found = store.list_signins(tenant, &filter, order, window).await?;
                Ok(found.rows.len())
            }
        })
        .await?;
        report(&format!("Store::list_signins {label}"), &timings, rows);
    }

    // For comparison: what a plain OFFSET list does on the same indexes.
    let pool = raw_pool(&url).await?;
    for page in [1, DEEP_PAGE] {
        let (timings, rows) = time(|| naive_page(&pool, tenant, &range, page)).await?;
        report(&format!("plain COUNT(*) + LIMIT/OFFSET, range, page {page}"), &timings, rows);
    }
    store.close().await;
    Ok(())
}

async fn tenant_with_agents(store: &Store) -> Result<(TenantId, Vec<AgentId>), Failure> {
    let agent = |i: usize| -> Result<NewAgent, String> {
        Ok(NewAgent {
            name: AgentName::parse(&format!("外勤{i}"))?,
            ..NewAgent::new(
                PassportName::parse(&format!("bench{}x{i}", std::process::id()))?,
                JobNumber::parse(&format!("{i:05}"))?,
            )
        })
    };
    let admin = store
        .create_tenant(
            &NewTenant { name: "bench".into(), time_zone: DEFAULT_TIME_ZONE.into(), default_password_hash: None },
            &TenantAdmin { agent: agent(0)?, password_hash: "not-a-real-hash".into() },
        )
        .await?;
    let mut agents = vec![admin.id];
    for i in 1..AGENTS {
        let created = store.create_agent(admin.tenant_id, &agent(i)?, Some("not-a-real-hash".into())).await?;
        agents.push(created.id);
    }
    Ok((admin.tenant_id, agents))
}

fn sign_in(checkin_at: i64, i: usize) -> Result<NewSignIn, String> {
    Ok(NewSignIn {
        remark: Some(Remark::parse("备注一些内容")?),
        attachments: vec![Attachment {
            file_name: format!("{i}.jpeg"),
            file_url: parse_file_url(&format!("https://alioss.bangwo8.com/874731/{i}.jpeg"))?,
        }],
        tags: vec![Tag::parse("签到")?],
        checkin_at,
        place: Place {
            address: "北京市北京市东城区".into(),
            landmark: "汉威城".into(),
            latitude: Coordinate::latitude("39.923807")?,
            longitude: Coordinate::longitude("116.40231")?,
        },
    })
}

async fn raw_pool(url: &str) -> Result<AnyPool, Failure> {
    Ok(AnyPoolOptions::new().max_connections(1).connect(url).await?)
}

/// The query `list_signins` replaces: count everything, then skip `(page - 1) * 100` rows.
async fn naive_page(pool: &AnyPool, tenant: TenantId, range: &SignInFilter, page: u64) -> Result<usize, Failure> {
    let (from, until) = (range.from.unwrap_or(i64::MIN), range.until.unwrap_or(i64::MAX));
    let count: i64 =
        sqlx::query("SELECT COUNT(*) FROM signins WHERE tenant_id = $1 AND checkin_at >= $2 AND checkin_at < $3")
            .bind(tenant.0)
            .bind(from)
            .bind(until)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
    let rows = sqlx::query(
        "SELECT s.*, a.name, a.job_number FROM signins s JOIN agents a \
         ON a.tenant_id = s.tenant_id AND a.id = s.agent_id \
         WHERE s.tenant_id = $1 AND s.checkin_at >= $2 AND s.checkin_at < $3 \
         ORDER BY s.checkin_at, s.id LIMIT $4 OFFSET $5",
    )
    .bind(tenant.0)
    .bind(from)
    .bind(until)
    .bind(PER_PAGE as i64)
    .bind(((page - 1) * PER_PAGE) as i64)
    .fetch_all(pool)
    .await?;
    if count <= 0 {
        return Err("the range is empty".into());
    }
    Ok(rows.len())
}

/// Runs `run` once to warm the caches, then `ROUNDS` times; sorted timings and the
/// number of rows the last run returned.
async fn time<F, Fut>(mut run: F) -> Result<(Vec<Duration>, usize), Failure>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, Failure>>,
{
    let mut rows = run().await?;
    let mut timings = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        rows = run().await?;
        timings.push(started.elapsed());
    }
    timings.sort();
    Ok((timings, rows))
}

fn report(label: &str, timings: &[Duration], rows: usize) {
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let (Some(min), Some(max)) = (timings.first(), timings.last()) else {
        return;
    };
    let median = timings[timings.len() / 2];
    println!("{:<58} {:>10} {:>10} {:>10}  ({rows} rows)", label, ms(*min), ms(median), ms(*max));
}
