//! The console speaks Chinese: the use cases' refusals carry the API's English messages
//! (which clients of the hosted API read and which stay as they are), and the console
//! says each one in Chinese beside its field. The table below recognises the messages by
//! their fixed wording and keeps the numbers and values they quote; a message it does not
//! know is said in general terms rather than in English.

use kefu_api::ErrorCode;
use kefu_app::AppError;

/// The first `"…"`-quoted value of a message (what the user typed, a latest time…).
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('"')? + 1;
    let len = message[start..].find('"')?;
    Some(&message[start..start + len])
}

/// The numbers a message quotes, in order.
fn numbers(message: &str) -> Vec<&str> {
    message.split(|c: char| !c.is_ascii_digit()).filter(|part| !part.is_empty()).collect()
}

/// The text between `after` and the next `)` (e.g. the start time of "after start_time (09:00)").
fn inside(message: &str, after: &str) -> Option<String> {
    let start = message.find(after)? + after.len();
    let end = message[start..].find(')')?;
    Some(message[start..start + end].to_owned())
}

/// Whether a message is already in Chinese (the console's own, or the API's Chinese
/// ones such as 10011 该客服不存在).
/// Mostly Chinese, that is: an English message quoting a state's name is still English.
fn is_chinese(message: &str) -> bool {
    let han = message.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    let latin = message.chars().filter(char::is_ascii_alphabetic).count();
    han > 0 && han >= latin
}

/// One field's problem, in Chinese.
pub fn field_message(message: &str) -> String {
    let m = message;
    if is_chinese(m) {
        return m.to_owned();
    }
    if let Some(text) = ticket_message(m) {
        return text;
    }
    let n = numbers(m);
    let first = n.first().copied().unwrap_or("");
    let second = n.get(1).copied().unwrap_or("");
    if m.starts_with("is required") {
        "必填。".to_owned()
    } else if m.starts_with("must not be empty") || m.starts_with("must not be only spaces") {
        "不能为空。".to_owned()
    } else if m.starts_with("must be at most") && m.contains("characters") {
        format!("最多 {first} 个字符（现有 {second} 个）。")
    } else if m.starts_with("must be at least") && m.contains("characters") {
        format!("至少 {first} 个字符（现有 {second} 个）。")
    } else if m.starts_with("must be an 11-digit mobile number") {
        "请填写 11 位手机号（如 13039209552），或以 + 开头的 6 到 15 位数字。".to_owned()
    } else if m.starts_with("must be a mobile number") {
        "请填写手机号（如 13039209552）或固定电话（如 010-63701717-8280）。".to_owned()
    } else if m.starts_with("must be 5 to 11 digits not starting with 0") {
        "QQ 号应为 5 到 11 位数字，且不以 0 开头。".to_owned()
    } else if m.starts_with("must be an e-mail address") {
        "请填写有效的邮箱地址，如 name@example.com。".to_owned()
    } else if m.starts_with("must be a phone number") {
        "请填写电话号码，如 010-63701717-8280（可含数字、-、+、空格和括号）。".to_owned()
    } else if m.starts_with("must be an http:// or https:// URL") || m.starts_with("must name a host after") {
        "请填写以 http:// 或 https:// 开头的完整网址，如 https://example.com/a.jpg。".to_owned()
    } else if m.starts_with("must be a time HH:MM") {
        let latest = if m.contains("24:00") { "24:00" } else { "23:59" };
        format!("请按 HH:MM 填写时间，从 00:00 到 {latest}，如 15:00。")
    } else if m.starts_with("must be after start_time") {
        match inside(m, "start_time (") {
            Some(start) => format!("结束时间须晚于开始时间 {start}。"),
            None => "结束时间须晚于开始时间。".to_owned(),
        }
    } else if m.starts_with("must be a real calendar date")
        || m.starts_with("must be a date such as")
        || m.starts_with("is not a real date")
    {
        "请填写有效的日期，如 2025-01-05。".to_owned()
    } else if m.starts_with("must be a time such as") {
        "请填写日期（如 2025-01-05）或时间（如 2025-01-05 09:00:00）。".to_owned()
    } else if m.starts_with("must be a year, month or day") {
        "请填写年份、月份或日期，如 2025、2025-01 或 2025-01-05。".to_owned()
    } else if m.starts_with("must not be before") {
        "不能早于开始日期。".to_owned()
    } else if m.starts_with("is out of the supported range of dates") {
        "日期超出支持的范围。".to_owned()
    } else if m.starts_with("must be a positive integer id") || m.starts_with("must be a positive integer") {
        "须为正整数编号。".to_owned()
    } else if m.starts_with("must be a whole number from 1 to") {
        format!("须为 1 到 {first} 之间的整数。")
    } else if m.starts_with("must be \"asc\" or \"desc\"") {
        "须为从早到晚（asc）或从晚到早（desc）。".to_owned()
    } else if m.starts_with("must not contain ':'") {
        "不能包含英文冒号 “:”。".to_owned()
    } else if m.starts_with("must not contain whitespace") || m.starts_with("must be visible ASCII characters") {
        "不能包含空格或控制字符。".to_owned()
    } else if m.starts_with("must not contain") && m.contains("control characters") {
        "不能包含控制字符。".to_owned()
    } else if m.starts_with("must not start or end with whitespace") {
        "开头和结尾不能有空格。".to_owned()
    } else if m.starts_with("must be a single line") {
        "只能填写一行。".to_owned()
    } else if m.ends_with("is already taken") {
        match quoted(m) {
            Some(value) => format!("“{value}”已被本公司其他客服或分组使用。"),
            None => "已被占用。".to_owned(),
        }
    } else if m.ends_with("is not available") {
        match quoted(m) {
            Some(value) => format!("登录账号“{value}”不可用，请换一个。"),
            None => "不可用，请换一个。".to_owned(),
        }
    } else if m.starts_with("no agent") {
        // The API's 10011 in its own words.
        "该客服不存在。".to_owned()
    } else if m.contains("is not a searchable field") {
        match quoted(m) {
            Some(prefix) => format!(
                "“{prefix}”不是可搜索的字段：请用 name、sPassportName、sNum、mobile 或自定义字段的键（field_N），或不加前缀搜索全部。"
            ),
            None => "不是可搜索的字段。".to_owned(),
        }
    } else if m.starts_with("no active agent") {
        "本公司没有这位在职客服。".to_owned()
    } else if m.starts_with("no customer group") {
        "本账号没有这个客户分组。".to_owned()
    } else if m.starts_with("customer group") && m.contains("go in groups of type") {
        "这个客户分组不是这类客户的分组。".to_owned()
    } else if m.starts_with("must be an amount such as") {
        "请填写金额，如 1200.50（最多两位小数，欠费为负数）。".to_owned()
    } else if m.starts_with("no support group") {
        "本公司没有这个分组。".to_owned()
    } else if m.starts_with("lists group") {
        "同一个分组选了两次。".to_owned()
    } else if m.starts_with("an agent may belong to at most") {
        format!("每位客服最多属于 {first} 个分组。")
    } else if m.starts_with("must be \"1\" (female) or \"2\" (male)") {
        "请选择性别。".to_owned()
    } else if m.starts_with("must be one of") || m.starts_with("must be comma-separated choices among") {
        "请从可选项中选择。".to_owned()
    } else if m.starts_with("must be a positive whole number") {
        "须为正整数（只含数字，不以 0 开头）。".to_owned()
    } else if m.starts_with("must be a number with at most") {
        format!("须为最多 {first} 位小数的数字。")
    } else if m.starts_with("must match the pattern") {
        "格式不符合本字段的要求。".to_owned()
    } else if m.starts_with("must hold 1 to") {
        format!("须有 1 到 {first} 个文件。")
    } else if m.starts_with("must be a file name with an extension") {
        "文件名须带扩展名，如 证书.pdf。".to_owned()
    } else if m.starts_with("must be 1 (工单), 2 (在线聊天) or 3 (呼叫中心)") {
        "请选择功能模块：工单、在线聊天或呼叫中心。".to_owned()
    } else if m.starts_with("is given twice") {
        "填写了两次。".to_owned()
    } else if m.starts_with("only an administrator may change") {
        "只有管理员可以修改此项。".to_owned()
    } else if m.starts_with("cannot be changed") {
        "不能修改。".to_owned()
    } else if m.starts_with("no custom field") || m.starts_with("no such custom field") {
        "本公司没有定义这个自定义字段。".to_owned()
    } else if m.starts_with("must be a custom field key") {
        "须为自定义字段的键，如 field_1。".to_owned()
    } else if m.contains("is not a state of plate") {
        "不是这个功能模块的状态。".to_owned()
    } else if m.starts_with("are required for a table field") || m.starts_with("a table field needs") {
        "表格字段需要 1 到 20 列（每行一列）。".to_owned()
    } else if m.starts_with("another template is already named") {
        "本公司已有同名的工单模板。".to_owned()
    } else if m.starts_with("must name the groups that may use the template") {
        "可用范围为分组时，请填写可用的分组（groupId）。".to_owned()
    } else if m.starts_with("must name the agents that may use the template") {
        "可用范围为客服时，请填写可用的客服（sId）。".to_owned()
    } else if m.starts_with("is not used with visibleRange") {
        "与所选的可用范围不符，请清空。".to_owned()
    } else if m.starts_with("must list the") && m.contains("read-only for") {
        "只读范围为分组或客服时，请填写对应的 groupId 或 sId。".to_owned()
    } else {
        "此项填写有误，请检查。".to_owned()
    }
}

/// The tickets' messages (工单): templates, statuses, contacts, assignees.
fn ticket_message(m: &str) -> Option<String> {
    let text = if m.starts_with("is not a field of template") {
        "不是所选模板的字段。"
    } else if m.starts_with("is required by template") {
        "所选模板要求填写此项。"
    } else if m.starts_with("a ticket's custom fields come from its template") {
        "工单的自定义字段来自模板：请先选择模板。"
    } else if m.starts_with("no contact") {
        "本公司没有这个联系人（或已在回收站中）。"
    } else if m.contains("is not in support group") {
        "该客服不在所选分组中：请选择分组的成员，或换一个分组。"
    } else if m.contains("never goes back to 1") {
        "工单不能回到“新建”状态，请选择“处理中”。"
    } else if m.contains("is already closed") {
        "工单已经关闭。"
    } else if m.contains("is re-opened") {
        "已关闭的工单须先重新打开（处理中或等待回复），才能再次解决。"
    } else if m.contains("closed automatically") {
        "“已关闭（自动）”由自动关闭任务设置，手动关闭请选“已关闭”。"
    } else if m.contains("is not active") {
        "该客服不在职（在回收站中），不能分配工单。"
    } else if m.contains("is not offered to you") || m.contains("is not released") {
        "您不能使用这个模板（未发布，或不对您开放）。"
    } else {
        return None;
    };
    Some(text.to_owned())
}

/// A refusal that names no field (or the page's headline for one that does), in Chinese.
pub fn error_message(error: &AppError) -> String {
    let m = error.message.as_str();
    if is_chinese(m) {
        return m.to_owned();
    }
    if m.contains("already has job number") {
        return "工号已被本公司其他客服使用。".to_owned();
    }
    if m.contains("another template is already named") {
        return "本公司已有同名的工单模板。".to_owned();
    }
    if m.contains("already named") {
        return "本公司已有同名的分组。".to_owned();
    }
    if m.contains("is not available") {
        return "登录账号不可用，请换一个。".to_owned();
    }
    if m.contains("call-center permission off") {
        return "该客服的呼叫中心权限已关闭，呼叫中心的状态只能是“离线”：请先开启权限。".to_owned();
    }
    if m.contains("is in the recycle bin") {
        return "该客服在回收站中，状态只能是“离线”：请先从回收站恢复。".to_owned();
    }
    if m.contains("last active administrator") {
        return "这是公司最后一位在职管理员：请先把另一位客服设为管理员。".to_owned();
    }
    match error.code {
        ErrorCode::NotFound => "要找的记录不存在。".to_owned(),
        ErrorCode::Conflict => "与现有记录冲突，未能完成。".to_owned(),
        code if code.status() == 400 => "提交的内容有误，请修改后重试。".to_owned(),
        code if code.status() == 403 => "没有权限进行这项操作。".to_owned(),
        code if code.status() == 401 => "请重新登录。".to_owned(),
        code if code.status() == 429 => "操作太频繁，请稍后再试。".to_owned(),
        code if code.status() >= 500 => "服务器暂时出错，请稍后再试。".to_owned(),
        _ => "操作未能完成。".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_their_numbers_and_values() {
        assert_eq!(field_message("must be at most 30 characters, got 31"), "最多 30 个字符（现有 31 个）。");
        assert_eq!(field_message("\"001\" is already taken"), "“001”已被本公司其他客服或分组使用。");
        assert_eq!(field_message("must be after start_time (09:00), got \"08:00\""), "结束时间须晚于开始时间 09:00。");
        assert!(field_message("must be an 11-digit mobile number starting with 1 (e.g. 13039209552) or + and 6 to 15 digits, got \"1\"").starts_with("请填写 11 位手机号"));
    }

    #[test]
    fn the_tickets_messages_are_said_in_chinese() {
        assert_eq!(field_message("is required by template 4"), "所选模板要求填写此项。");
        assert_eq!(field_message("is not a field of template 4"), "不是所选模板的字段。");
        assert!(
            field_message("cannot change from 2 (open) to 1 (new): a ticket never goes back to 1 (new); use 2 (open)")
                .contains("新建")
        );
        assert!(field_message("no contact 9 in this company").contains("联系人"));
        assert!(
            field_message("agent 3 is not in support group 2; assign a member of the group, or another group")
                .contains("分组")
        );
    }

    #[test]
    fn the_customers_messages_are_said_in_chinese() {
        assert_eq!(field_message("no active agent 9 in this company"), "本公司没有这位在职客服。");
        assert!(
            field_message("customer group 2 is a group of contacts (type 2); companies go in groups of type 1")
                .contains("客户分组")
        );
        assert!(field_message("must be an amount such as \"1200.50\" (digits), got \"x\"").starts_with("请填写金额"));
    }

    #[test]
    fn nothing_is_left_in_english() {
        for message in ["something new", "must be a list of rows", "is required"] {
            assert!(!field_message(message).chars().any(|c| c.is_ascii_alphabetic()), "{message}");
        }
    }
}
