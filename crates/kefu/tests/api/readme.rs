//! The README's walk-through, run as written: its shell blocks, from "A short walk-through"
//! to "Operating it", in order, in one bash session against a fresh `kefu serve` — the
//! only change being the server's address. A `curl` must answer 2xx, or the status its
//! `# → NNN` comment names; `kefu` and every other command must succeed. A README whose
//! examples drift from the server (an sId deleted earlier, a field never created) fails here.

use std::process::Command;

use crate::support::process::{KEFU, Server};

const README: &str = include_str!("../../../../README.md");

/// Checks each curl's status against `EXPECT` (a glob, default 2xx) and prints the body.
const PRELUDE: &str = r#"set -euo pipefail -x
curl() {
  local out status
  out=$(command curl -sS -w '\n%{http_code}' "$@") || return 1
  status=${out##*$'\n'}
  printf '%s\n' "${out%$'\n'*}"
  if [[ $status != ${EXPECT:-2??} ]]; then
    echo "README step answered HTTP $status, expected ${EXPECT:-2xx}: curl $*" >&2
    return 1
  fi
}
"#;

/// The ```sh blocks between the two headings.
fn walkthrough_blocks(readme: &str) -> Vec<String> {
    let start = readme.find("## A short walk-through").expect("the walk-through heading");
    let end = readme[start..].find("## Operating it").map_or(readme.len(), |i| start + i);
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in readme[start..end].lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(block), "```") => {
                blocks.push(block.join("\n"));
                current = None;
            }
            (Some(block), _) => block.push(line),
            (None, _) => {}
        }
    }
    blocks
}

/// `# → 400 …` under a command: the status that command must answer.
fn expected_status(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix("# → ")?;
    let status = rest.get(..3)?;
    let ends = rest[3..].chars().next().is_none_or(|c| !c.is_ascii_digit());
    (status.bytes().all(|b| b.is_ascii_digit()) && ends).then_some(status)
}

/// Prefixes each command that a `# → NNN` comment follows with `EXPECT=NNN`. Commands
/// span lines through a trailing `\`, an open single quote, or a here-document.
fn with_expected_statuses(block: &str) -> String {
    let mut lines: Vec<String> = block.lines().map(str::to_owned).collect();
    let (mut start, mut in_quote, mut continued, mut heredoc) = (None, false, false, None::<String>);
    for i in 0..lines.len() {
        let line = lines[i].clone();
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if !in_quote && !continued {
            if trimmed.is_empty() {
                continue;
            }
            if trimmed.starts_with('#') {
                if let (Some(status), Some(at)) = (expected_status(trimmed), start) {
                    lines[at] = format!("EXPECT={status} {}", lines[at]);
                }
                continue;
            }
            start = Some(i);
        }
        if line.matches('\'').count() % 2 == 1 {
            in_quote = !in_quote;
        }
        continued = !in_quote && line.trim_end().ends_with('\\');
        if !in_quote && let Some(at) = line.find("<<'") {
            heredoc = line[at + 3..].split('\'').next().map(str::to_owned);
        }
    }
    lines.join("\n")
}

#[test]
fn commands_under_a_status_comment_expect_it() {
    let block = "curl -s a \\\n  -d '{\n  \"x\":1}'\n# → 400 {\"status\":400}\nkefu x\n# → {\"ok\":1}\ncurl b\n# → 401";
    let marked = with_expected_statuses(block);
    assert!(marked.starts_with("EXPECT=400 curl -s a"), "{marked}");
    assert!(marked.contains("\nkefu x\n") && marked.contains("\nEXPECT=401 curl b\n"), "{marked}");
    let heredoc = "cat > f <<'CSV'\na,'b\nCSV\ncurl c\n# → 404";
    assert!(with_expected_statuses(heredoc).contains("EXPECT=404 curl c"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walk_through_runs_as_written() {
    let missing: Vec<&str> = ["curl", "jq", "bash"]
        .into_iter()
        .filter(|tool| {
            !Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
        })
        .collect();
    if !missing.is_empty() {
        assert!(std::env::var_os("CI").is_none(), "CI must install {missing:?} (.ci/run does)");
        eprintln!("notice: {missing:?} not installed; the README walk-through is not run");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("kefu.db").display());
    let server = Server::start(&database, &[], &[("KEFU_ADMIN_PASSWORD", "YOUR-PASSWORD")]).await;

    let blocks = walkthrough_blocks(README);
    assert!(blocks.len() >= 3, "the walk-through, OAuth and command-line blocks: {blocks:?}");
    let mut script = PRELUDE.to_owned();
    for block in &blocks {
        script.push_str(&with_expected_statuses(block).replace("http://127.0.0.1:8080", &server.base));
        script.push('\n');
    }
    let bin = std::path::Path::new(KEFU).parent().expect("the binary's directory");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new("bash");
    command.arg("-c").arg(&script).current_dir(dir.path()).env("PATH", path);
    for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("KEFU_")) {
        command.env_remove(key);
    }
    let output = tokio::task::spawn_blocking(move || command.output()).await.expect("join").expect("bash runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "a README step failed\n--- stdout\n{stdout}\n--- stderr (each step, then the failure)\n{stderr}"
    );
    assert!(stderr.contains("+ kefu agents delete 6 --yes"), "every step ran, to the last: {stderr}");
    // The agents the README created are there.
    assert!(stdout.contains("\"zhangsan\"") && stdout.contains("\"lisi\""), "{stdout}");
    assert!(dir.path().join("agents.xlsx").exists() && dir.path().join("agents.csv").exists());
}
