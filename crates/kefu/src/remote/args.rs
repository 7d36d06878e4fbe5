//! The command line of the client commands (`kefu agents|schedules|signins …`), which talk
//! to a running server over its API.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// Where the server is and who is asking; shared by every client command. Flags win over
/// the environment; a token wins over an account and password.
#[derive(Args, Clone, Debug)]
pub struct Connection {
    /// The server's base URL.
    #[arg(long, env = "KEFU_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub url: String,
    /// Sign in as this agent (sPassportName), with --password (asked for on a terminal).
    #[arg(long, env = "KEFU_ACCOUNT", global = true)]
    pub account: Option<String>,
    /// The password of --account: always the caller's, never one being set.
    #[arg(long, env = "KEFU_PASSWORD", hide_env_values = true, global = true)]
    pub password: Option<String>,
    /// A Bearer token (from /api/token.php) instead of an account.
    #[arg(long, env = "KEFU_TOKEN", hide_env_values = true, global = true)]
    pub token: Option<String>,
    /// Print JSON (the API's objects) instead of tables, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct AgentsArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: AgentsCommand,
}

#[derive(Subcommand, Debug)]
pub enum AgentsCommand {
    /// List agents (every page unless --page is given).
    List(AgentListArgs),
    /// Show one agent.
    Show { s_id: String },
    /// Create an agent.
    Create(AgentCreateArgs),
    /// Change the fields given; the others stay.
    Update {
        s_id: String,
        /// A new job number (sNum, 工号).
        #[arg(long)]
        job_number: Option<String>,
        #[command(flatten)]
        fields: AgentFieldArgs,
    },
    /// Delete an agent (it can no longer sign in; its login and job number become free).
    /// Asks first on a terminal; elsewhere it needs --yes.
    Delete {
        s_id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Move an agent into the recycle bin (it can no longer sign in).
    Hide { s_id: String },
    /// Bring an agent back from the recycle bin.
    Restore { s_id: String },
    /// Search: name:张, mobile:138, sPassportName:…, sNum:…, or a bare term in all four.
    Search(AgentSearchArgs),
    /// Create the agents of a CSV or XLSX file, after checking every row.
    Import(ImportArgs),
    /// Write the agents as CSV or XLSX (stdout, or --output), in the form import reads.
    Export(ExportArgs),
}

/// `isStat` as a filter.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusArg {
    /// Active agents (在职).
    Active,
    /// Agents in the recycle bin.
    Hidden,
    /// Both.
    All,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderArg {
    Asc,
    Desc,
}

#[derive(Args, Debug, Default)]
pub struct PageArgs {
    /// Only this page (1-based) instead of every page.
    #[arg(long)]
    pub page: Option<u64>,
    /// Items per page (at most 100).
    #[arg(long)]
    pub per_page: Option<u64>,
}

#[derive(Args, Debug)]
pub struct AgentListArgs {
    #[command(flatten)]
    pub paging: PageArgs,
    #[arg(long, value_enum, default_value = "all")]
    pub status: StatusArg,
    /// Created at or after: 2024-01-01 or "2024-01-01 08:00:00" (company's time zone).
    #[arg(long)]
    pub created_start: Option<String>,
    /// Created at or before (a date covers that whole day).
    #[arg(long)]
    pub created_end: Option<String>,
    /// Order by creation time instead of by sId.
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortArg {
    Created,
    Updated,
}

#[derive(Args, Debug)]
pub struct AgentSearchArgs {
    /// e.g. name:张三
    pub query: String,
    #[command(flatten)]
    pub paging: PageArgs,
    #[arg(long, value_enum)]
    pub sort_by: Option<SortArg>,
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
}

/// The optional fields of an agent. Values are checked as the server checks them before
/// anything is sent.
#[derive(Args, Debug, Default)]
pub struct AgentFieldArgs {
    /// 姓名.
    #[arg(long)]
    pub name: Option<String>,
    /// 性别: 女 or 男 (also 1 / 2, female / male).
    #[arg(long)]
    pub gender: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub mobile: Option<String>,
    /// 座机.
    #[arg(long)]
    pub fixnumber: Option<String>,
    #[arg(long)]
    pub qq: Option<String>,
    /// 是否管理员: 是 or 否 (also yes / no, 1 / 0).
    #[arg(long)]
    pub admin: Option<String>,
    /// Support groups, by name or id, comma-separated; "" for none.
    #[arg(long)]
    pub groups: Option<String>,
    /// The password to give the agent (a new agent without it gets the company's default
    /// one). The caller's own password is --password.
    #[arg(long, alias = "agent-password", value_name = "PASSWORD")]
    pub new_password: Option<String>,
    /// A custom field: field_N=VALUE or TITLE=VALUE (JSON for lists); repeatable.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub custom: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AgentCreateArgs {
    /// The login (sPassportName, 客服账号).
    #[arg(long)]
    pub login: String,
    /// The job number (sNum, 工号).
    #[arg(long)]
    pub job_number: String,
    #[command(flatten)]
    pub fields: AgentFieldArgs,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A .csv (UTF-8, with or without BOM, or GB18030 as Excel saves it) or .xlsx file.
    pub file: PathBuf,
    /// Check every row, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Create the support groups the file names that do not exist yet.
    #[arg(long)]
    pub create_groups: bool,
    /// Print the imported agents as a table (otherwise only a summary).
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderStyle {
    /// 客服账号, 工号, 姓名 …, with 女/男, 是/否 and group names.
    Chinese,
    /// sPassportName, sNum, name …, with the API's codes and group ids.
    Api,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Write to this file, .csv or .xlsx, instead of stdout (CSV).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "chinese")]
    pub headers: HeaderStyle,
    /// Which agents: active ones by default (import creates active agents).
    #[arg(long, value_enum, default_value = "active")]
    pub status: StatusArg,
    /// Start with a UTF-8 byte order mark, so that Excel shows Chinese text correctly.
    #[arg(long)]
    pub bom: bool,
}

#[derive(Args, Debug)]
pub struct SchedulesArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: SchedulesCommand,
}

#[derive(Subcommand, Debug)]
pub enum SchedulesCommand {
    /// Schedules from one date to another (at most 31 days).
    List {
        /// First day, 2024-05-01.
        #[arg(long)]
        from: String,
        /// Last day (defaults to --from).
        #[arg(long)]
        to: Option<String>,
        /// One agent's (sId).
        #[arg(long)]
        agent: Option<String>,
    },
    /// Create one schedule.
    Create(ScheduleCreateArgs),
    /// Change a schedule; times not given stay.
    Update {
        duty_id: String,
        #[command(flatten)]
        fields: ScheduleFieldArgs,
    },
    /// Delete a schedule that has not started yet.
    Delete { duty_id: String },
}

#[derive(Args, Debug, Default)]
pub struct ScheduleFieldArgs {
    /// HH:MM.
    #[arg(long)]
    pub start: Option<String>,
    /// HH:MM (24:00 for midnight).
    #[arg(long)]
    pub end: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub remark: Option<String>,
    #[arg(long)]
    pub link: Option<String>,
}

#[derive(Args, Debug)]
pub struct ScheduleCreateArgs {
    /// The agent (sId).
    #[arg(long)]
    pub agent: String,
    /// The day, 2024-05-01.
    #[arg(long)]
    pub date: String,
    #[command(flatten)]
    pub fields: ScheduleFieldArgs,
}

#[derive(Args, Debug)]
pub struct SigninsArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: SigninsCommand,
}

#[derive(Subcommand, Debug)]
pub enum SigninsCommand {
    /// The company's sign-ins (every page unless --page is given).
    List {
        /// One agent's (sId).
        #[arg(long)]
        agent: Option<String>,
        /// From: 2024-05-01 or "2024-05-01 08:00:00".
        #[arg(long)]
        from: Option<String>,
        /// Until (a date covers that whole day).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum)]
        order: Option<OrderArg>,
        #[command(flatten)]
        paging: PageArgs,
    },
    /// Sign in as the calling agent.
    Create(SigninCreateArgs),
}

#[derive(Args, Debug)]
pub struct SigninCreateArgs {
    #[arg(long)]
    pub address: String,
    /// A landmark (地标), e.g. 天安门.
    #[arg(long)]
    pub landmark: String,
    #[arg(long)]
    pub latitude: String,
    #[arg(long)]
    pub longitude: String,
    #[arg(long)]
    pub remark: Option<String>,
    /// Repeatable.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// "2024-05-01 09:00:00" in the company's time zone, or with an offset
    /// ("2024-05-01 09:00:00+08:00"); defaults to now.
    #[arg(long)]
    pub time: Option<String>,
}
