//! What each message of an inquiry says: the staff mail (full or summary) and the visitor's
//! automatic reply. Pure functions of the stored inquiry and the facility's settings, so the
//! cron run composes exactly what the first attempt composed.

use tsunagu_contract::directory::Contact;
use tsunagu_contract::{Directory, FacilityConfig, InquiryField, MailContent, StoredInquiry};

use super::mime::jst;
use super::text::{self, MailText};
use super::{MessageKey, Outgoing};
use crate::inquiries::intake::Accepted;

/// Everything a message of one inquiry is made from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MailContext<'a> {
    /// The inquiry as stored.
    pub(crate) stored: &'a StoredInquiry,
    /// The facility's private settings.
    pub(crate) config: &'a FacilityConfig,
    /// The facility's display name.
    pub(crate) facility_name: &'a str,
    /// The group's display name.
    pub(crate) group_name: &'a str,
    /// The facility's public contact, for the auto-reply.
    pub(crate) contact: Option<&'a Contact>,
}

impl<'a> MailContext<'a> {
    /// Looks the facility and group up in the directory. Either may have gone since the inquiry
    /// arrived (the cron run composes later): their identifiers stand in for their names, so the
    /// inquiry still reaches staff.
    pub(crate) fn new(
        stored: &'a StoredInquiry,
        config: &'a FacilityConfig,
        directory: &'a Directory,
    ) -> MailContext<'a> {
        let facility = directory.facility(&stored.inquiry.facility);
        let group = directory.group(&stored.inquiry.group);
        MailContext {
            stored,
            config,
            facility_name: facility.map_or(stored.inquiry.facility.as_str(), |f| &f.name),
            group_name: group.map_or(stored.inquiry.group.as_str(), |g| &g.name),
            contact: facility.map(|f| &f.contact),
        }
    }

    /// The context of an inquiry just accepted, which found its facility and group already.
    pub(crate) fn accepted(accepted: &'a Accepted) -> MailContext<'a> {
        MailContext {
            stored: &accepted.stored,
            config: &accepted.config,
            facility_name: &accepted.facility.name,
            group_name: &accepted.group.name,
            contact: Some(&accepted.facility.contact),
        }
    }

    fn text(&self) -> &'static dyn MailText {
        text::for_lang(self.config.mail_lang)
    }

    /// The domain of the sender, for Message-IDs.
    fn domain(&self) -> &str {
        self.config
            .sender
            .rsplit_once('@')
            .map_or("tsunagu.invalid", |(_, d)| d)
    }

    fn message_id(&self, part: &str) -> String {
        format!(
            "{}.{}.{part}@{}",
            self.stored.receipt_id,
            self.stored.received_at.timestamp_millis(),
            self.domain()
        )
    }
}

/// One line of a header: control characters (a line break in a group's name) become spaces.
/// The MIME writer would encode them harmlessly, but an HTTP mail API writes its own headers.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The staff mail, one message per staff address (the binding takes one recipient per
/// message), to the group's own staff where it has them.
pub(crate) fn staff_messages(ctx: &MailContext<'_>) -> Vec<Outgoing> {
    let text = ctx.text();
    let stored = ctx.stored;
    let inquiry = &stored.inquiry;
    let subject = one_line(&text.subject(
        text.inquiry_kind(inquiry.kind),
        ctx.group_name,
        stored.receipt_id.as_str(),
    ));
    let (body, reply_to) = match ctx.config.mail_content {
        MailContent::Full => (
            full_body(ctx),
            (!inquiry.email.is_empty()).then(|| inquiry.email.clone()),
        ),
        // No Reply-To either: the visitor's address is personal data too.
        MailContent::Summary => (summary_body(ctx), None),
    };
    ctx.config
        .staff_for(&inquiry.group)
        .iter()
        .enumerate()
        .map(|(index, to)| Outgoing {
            key: MessageKey::Staff(to.clone()),
            from: ctx.config.sender.clone(),
            from_name: one_line(&text.sender_name(ctx.facility_name)),
            to: to.clone(),
            reply_to: reply_to.clone(),
            subject: subject.clone(),
            text: body.clone(),
            date: stored.received_at,
            message_id: ctx.message_id(&index.to_string()),
            auto_submitted: "auto-generated",
            receipt: stored.receipt_id.to_string(),
        })
        .collect()
}

/// `label: value`, one line of a mail body.
fn labelled(label: &str, value: impl std::fmt::Display) -> String {
    format!("{label}: {value}")
}

/// The lines both bodies open with: which group, which inquiry, when, what kind.
fn heading(ctx: &MailContext<'_>) -> Vec<String> {
    let text = ctx.text();
    let stored = ctx.stored;
    vec![
        text.intro(ctx.group_name),
        String::new(),
        labelled(text.receipt_label(), &stored.receipt_id),
        labelled(
            text.received_label(),
            text.datetime(stored.received_at.with_timezone(&jst())),
        ),
        labelled(text.kind_label(), text.inquiry_kind(stored.inquiry.kind)),
        labelled(
            text.group_label(),
            format_args!("{} ({})", ctx.group_name, stored.inquiry.group),
        ),
    ]
}

fn full_body(ctx: &MailContext<'_>) -> String {
    let text = ctx.text();
    let inquiry = &ctx.stored.inquiry;
    let or_none = |value: &str| {
        if value.is_empty() {
            text.not_given().to_owned()
        } else {
            value.to_owned()
        }
    };
    let mut lines = heading(ctx);
    lines.extend([
        labelled(text.asker_label(), text.asker(inquiry.asker)),
        labelled(text.field(InquiryField::Name), or_none(&inquiry.name)),
        labelled(
            text.field(InquiryField::Furigana),
            or_none(&inquiry.furigana),
        ),
        labelled(text.contact_label(), text.contact(inquiry.contact)),
        labelled(text.field(InquiryField::Email), or_none(&inquiry.email)),
        labelled(text.field(InquiryField::Phone), or_none(&inquiry.phone)),
    ]);
    if inquiry.kind.needs_postal_address() {
        lines.push(format!("{}:", text.field(InquiryField::PostalAddress)));
        lines.extend(inquiry.postal_address.lines().map(|l| format!("  {l}")));
    }
    if inquiry.kind.takes_dates() {
        lines.push(format!("{}:", text.field(InquiryField::Preferred)));
        if inquiry.preferred.is_empty() {
            lines.push(format!("  {}", text.not_given()));
        }
        for (n, slot) in inquiry.preferred.iter().enumerate() {
            lines.push(format!("  {}. {}", n + 1, text.slot(slot)));
        }
    }
    lines.extend([
        labelled(text.consent_version_label(), &inquiry.consent_version),
        String::new(),
        text.message_heading().to_owned(),
        or_none(&inquiry.message),
        String::new(),
        "--".to_owned(),
        text.footer().to_owned(),
    ]);
    lines.join("\n")
}

fn summary_body(ctx: &MailContext<'_>) -> String {
    let text = ctx.text();
    let link = ctx
        .config
        .staff_link
        .as_deref()
        .unwrap_or_default()
        .replace("{receipt}", ctx.stored.receipt_id.as_str());
    let mut lines = heading(ctx);
    lines.extend([
        String::new(),
        text.summary_note().to_owned(),
        link,
        String::new(),
        "--".to_owned(),
        text.summary_footer().to_owned(),
    ]);
    lines.join("\n")
}

/// The automatic reply, when the facility sends them and the visitor gave an address: the
/// receipt number and what happens next, and nothing the visitor wrote, so the form cannot be
/// used to mail someone a text of one's choosing.
pub(crate) fn auto_reply(ctx: &MailContext<'_>) -> Option<Outgoing> {
    let inquiry = &ctx.stored.inquiry;
    if !ctx.config.auto_reply || inquiry.email.is_empty() {
        return None;
    }
    let text = ctx.text();
    let receipt = ctx.stored.receipt_id.as_str();
    let promise = ctx.config.form.reply_promise.trim_end_matches(['。', '.']);
    let mut lines = vec![
        text.auto_reply_intro(ctx.facility_name),
        String::new(),
        format!("{}: {receipt}", text.receipt_label()),
        String::new(),
        text.auto_reply_next(promise),
        String::new(),
        ctx.facility_name.to_owned(),
    ];
    if let Some(phone) = ctx.contact.and_then(|c| c.phone.as_deref()) {
        let hours = ctx.contact.and_then(|c| c.phone_hours.as_deref());
        lines.push(text.auto_reply_phone(phone, hours));
    }
    lines.extend([
        String::new(),
        "--".to_owned(),
        text.auto_reply_footer().to_owned(),
    ]);
    Some(Outgoing {
        key: MessageKey::AutoReply,
        from: ctx.config.sender.clone(),
        from_name: one_line(ctx.facility_name),
        to: inquiry.email.clone(),
        reply_to: None,
        subject: one_line(&text.auto_reply_subject(ctx.facility_name, receipt)),
        text: lines.join("\n"),
        date: ctx.stored.received_at,
        message_id: ctx.message_id("reply"),
        auto_submitted: "auto-replied",
        receipt: receipt.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiries::intake::tests::{ORIGIN, body, directory, submit};
    use crate::mail::mime::{render, tests as mime};
    use tsunagu_contract::GroupId;

    fn accepted(edit: impl FnOnce(&mut serde_json::Value)) -> crate::inquiries::intake::Accepted {
        let mut b = body();
        edit(&mut b["inquiry"]);
        submit(Some(ORIGIN), &b).unwrap()
    }

    fn staff(accepted: &crate::inquiries::intake::Accepted) -> Vec<Outgoing> {
        let directory = directory();
        staff_messages(&MailContext::new(
            &accepted.stored,
            &accepted.config,
            &directory,
        ))
    }

    #[test]
    fn one_message_per_staff_address_with_reply_to_the_visitor() {
        let mails = staff(&accepted(|_| ()));
        assert_eq!(mails.len(), 2);
        assert_eq!(mails[0].to, "staff@hidamari.example.jp");
        assert_eq!(mails[1].to, "boss@hidamari.example.jp");
        assert_eq!(mails[0].reply_to.as_deref(), Some("sakura@example.jp"));
        assert_eq!(mails[0].from, "tsunagu@hidamari.example.jp");
        assert_ne!(mails[0].message_id, mails[1].message_id);
        assert_eq!(
            mails[0].subject,
            "【見学予約】ウォーキング 受付番号 7KQ2M9XD"
        );
        assert_eq!(
            mails[0].key,
            MessageKey::Staff("staff@hidamari.example.jp".into())
        );
    }

    #[test]
    fn no_reply_to_without_an_email_address() {
        let mails = staff(&accepted(|i| {
            i["email"] = "".into();
            i["contact"] = "phone".into();
            i["phone"] = "０９０－１２３４－５６７８".into();
        }));
        assert_eq!(mails[0].reply_to, None);
        assert!(mails[0].text.contains("電話番号: 090-1234-5678"));
        assert!(mails[0].text.contains("メールアドレス: （未記入）"));
    }

    #[test]
    fn the_body_carries_every_field_in_japanese() {
        let a = accepted(|i| {
            i["message"] = "一行目\n二行目".into();
            i["furigana"] = "さくら".into();
            i["asker"] = "family".into();
            i["contact"] = "either".into();
            i["phone"] = "044-000-1234".into();
            i["preferred"] = serde_json::json!([
                {"date": "2026-12-09", "start": "10:00"},
                {"date": "2026-12-16", "start": "10:00"}
            ]);
        });
        let raw = render(&staff(&a)[0]).unwrap();
        let text = mime::body(&raw);
        for expected in [
            "受付番号: 7KQ2M9XD",
            "受付日時: 2026年11月18日(水)",
            "種別: 見学予約",
            "グループ: ウォーキング (walk)",
            "ご相談者: 家族",
            "お名前（ニックネーム可）: さくら",
            "ふりがな: さくら",
            "ご希望の連絡方法: どちらでも",
            "メールアドレス: sakura@example.jp",
            "電話番号: 044-000-1234",
            "ご希望の日時:\r\n  1. 12月9日(水) 10:00〜\r\n  2. 12月16日(水) 10:00〜",
            "同意した文面の版: 2026-04",
            "一行目\r\n二行目",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from\n{text}");
        }
        assert!(!text.contains("資料の送付先"), "{text}");
    }

    #[test]
    fn materials_carry_the_postal_address() {
        let a = accepted(|i| {
            i["kind"] = "materials".into();
            i["postal_address"] = "〒214-0014\n川崎市多摩区登戸1-2-3".into();
        });
        let text = &staff(&a)[0].text;
        assert!(
            text.contains("資料の送付先（郵便番号・住所）:\n  〒214-0014\n  川崎市多摩区登戸1-2-3"),
            "{text}"
        );
        assert!(!text.contains("ご希望の日時"), "{text}");
    }

    #[test]
    fn a_group_with_its_own_staff_gets_its_own_mail() {
        let mut a = accepted(|_| ());
        a.config.group_staff.insert(
            GroupId::new("walk").unwrap(),
            vec!["walk@hidamari.example.jp".into()],
        );
        let mails = staff(&a);
        assert_eq!(
            mails.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
            ["walk@hidamari.example.jp"]
        );
    }

    #[test]
    fn summary_mail_has_the_link_and_no_personal_data() {
        let mut a = accepted(|i| {
            i["phone"] = "044-000-1234".into();
            i["furigana"] = "さくら".into();
        });
        a.config.mail_content = MailContent::Summary;
        a.config.staff_link = Some("https://admin.example.jp/inquiries/{receipt}".into());
        let mail = &staff(&a)[0];
        assert_eq!(mail.reply_to, None);
        assert!(
            mail.text
                .contains("https://admin.example.jp/inquiries/7KQ2M9XD"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("種別: 見学予約"));
        for secret in [
            "さくら",
            "sakura@example.jp",
            "044-000-1234",
            "見学できますか",
        ] {
            assert!(!mail.text.contains(secret), "{secret} in {}", mail.text);
        }
    }

    #[test]
    fn the_auto_reply_has_the_receipt_and_nothing_the_visitor_wrote() {
        let mut a = accepted(|i| i["phone"] = "044-000-1234".into());
        let directory = directory();
        assert_eq!(
            auto_reply(&MailContext::new(&a.stored, &a.config, &directory)),
            None,
            "off unless the facility opts in"
        );
        a.config.auto_reply = true;
        let reply = auto_reply(&MailContext::new(&a.stored, &a.config, &directory)).unwrap();
        assert_eq!(reply.to, "sakura@example.jp");
        assert_eq!(reply.key, MessageKey::AutoReply);
        assert_eq!(reply.auto_submitted, "auto-replied");
        assert!(reply.text.contains("受付番号: 7KQ2M9XD"), "{}", reply.text);
        assert!(
            reply.text.contains("3営業日以内にご連絡します。"),
            "{}",
            reply.text
        );
        for secret in ["さくら", "044-000-1234", "見学できますか", "ウォーキング"] {
            assert!(!reply.text.contains(secret), "{secret} in {}", reply.text);
            assert!(!reply.subject.contains(secret));
        }
        a.stored.inquiry.email.clear();
        assert_eq!(
            auto_reply(&MailContext::new(&a.stored, &a.config, &directory)),
            None,
            "no address, no reply"
        );
    }

    #[test]
    fn control_characters_in_names_never_reach_a_subject() {
        let a = accepted(|_| ());
        let mut directory = directory();
        directory.groups[0].name = "ウォーキング\r\nBcc: x@y.jp".into();
        let mails = staff_messages(&MailContext::new(&a.stored, &a.config, &directory));
        assert!(!mails[0].subject.contains(['\r', '\n']));
        assert!(crate::mail::mime::check_headers(&mails[0]).is_ok());
    }
}
