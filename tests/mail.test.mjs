// Inquiry mail in real workerd: the staff mail and the auto-reply as a real MIME parser reads
// them, the summary mail, group routing, and the outbox: mail that fails
// (the binding refusing a recipient, the HTTP mail API answering 500) is delivered exactly once
// by the cron run. The HTTP mail API is a local stub; everything else is the real worker.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startMailApi } from "./support/mail-api.mjs";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { ROOT, post, startStack } from "./support/stack.mjs";
import { nextMeetings } from "./support/schedule.mjs";

// Every visitor address the tests use: the binding must allow them (it refuses the rest).
const SAKURA = "sakura@example.jp";
const HINATA = "hinata@example.jp";
const KAEDE = "kaede@example.jp";
const VISITORS = [SAKURA, HINATA, KAEDE];
const REFUSED_STAFF = "staff@tsumugi.example.jp";
// Refused by the binding until the restart too: the staff mail goes, its auto-reply does not.
const REFUSED_VISITOR = "mirai@example.jp";

/** The demo data with the settings these tests exercise. */
function testData() {
  const dir = mkdtempSync(join(tmpdir(), "tsunagu-mail-data-"));
  copyFileSync(join(ROOT, "demo/data/directory.json"), join(dir, "directory.json"));
  const facilities = JSON.parse(readFileSync(join(ROOT, "demo/data/facilities.json"), "utf8"));
  const byId = Object.fromEntries(facilities.map((f) => [f.id, f]));
  // hidamari-noborito: full mail, auto-reply; its walking group has its own staff.
  byId["hidamari-noborito"].group_staff = { "hidamari-walking": ["walking@hidamari.example.jp"] };
  // yasumiba-online: mail through the HTTP API.
  byId["yasumiba-online"].mail_provider = "http";
  // tamagawa-peer: summary mail (as in the demo data).
  assert.equal(byId["tamagawa-peer"].mail_content, "summary");
  writeFileSync(join(dir, "facilities.json"), JSON.stringify(facilities, null, 2));
  const staff = facilities.flatMap((f) => [...f.staff_emails, ...Object.values(f.group_staff ?? {}).flat()]);
  return { dir, staff };
}

// hidamari-pc-gw meets 毎週月曜日 13:30〜15:00 and not on holidays (demo/data/directory.json).
const MEETINGS = nextMeetings("hidamari-pc-gw", "毎週月曜日 13:30〜15:00（祝日は休み）", 2);

const inquiry = (overrides = {}) => ({
  facility: "hidamari-noborito",
  group: "hidamari-pc-gw",
  kind: "visit",
  name: "山田 さくら",
  furigana: "やまだ さくら",
  asker: "family",
  contact: "either",
  email: SAKURA,
  phone: "０９０－１２３４－５６７８",
  preferred: MEETINGS.map(({ date, start }) => ({ date, start })),
  message: "息子のことで相談したいです。\n見学は可能でしょうか。",
  consent: true,
  consent_version: "2026-04",
  ...overrides,
});

let stack;
let api;
let data;
let healthyBindings;

before(async () => {
  api = await startMailApi();
  data = testData();
  healthyBindings = { OUTBOX_DELAY_SECONDS: "0", MAIL_API_BASE: api.base, MAIL_API_KEY: "test-mail-key" };
  stack = await startStack({
    dataDir: data.dir,
    bindings: healthyBindings,
    // Like Email Routing with one staff address not (yet) verified.
    sendEmail: [
      {
        name: "STAFF_MAIL",
        allowed_destination_addresses: [...data.staff, ...VISITORS].filter((a) => a !== REFUSED_STAFF),
      },
    ],
  });
});
after(async () => {
  await stack?.stop();
  await api?.close();
  if (data) rmSync(data.dir, { recursive: true, force: true });
});

/** Sends an inquiry as the widget does; asserts the 201 and returns the receipt number. */
async function send(overrides) {
  const res = await fetch(`${stack.workerOrigin}/v1/inquiries`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: stack.demoOrigin, "idempotency-key": randomUUID() },
    body: JSON.stringify({ inquiry: inquiry(overrides), website: "", fill_ms: 15000 }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.receipt_id;
}

/** The mail caught so far that carries this receipt number. */
async function mailsFor(receipt) {
  return (await stack.mails()).filter((m) => m.parsed.headers.some((h) => h.key === "x-tsunagu-receipt" && h.value === receipt));
}

const header = (mail, name) => mail.parsed.headers.filter((h) => h.key === name).map((h) => h.value);

async function mailRecord(facility, receipt) {
  const text = (await stack.kv("INQUIRIES"))[`mail/v1/${facility}/${receipt}`];
  return text === undefined ? undefined : JSON.parse(text);
}

async function outboxEntry(facility, receipt) {
  const keys = await stack.kvKeys("INQUIRIES", `outbox/v1/${facility}/${receipt}`);
  return keys[0];
}

describe("staff mail", () => {
  test("has From, To, Reply-To, a Japanese subject, Date, Message-ID and every field", async () => {
    const receipt = await send();
    const mails = await mailsFor(receipt);
    const staff = mails.filter((m) => m.parsed.to?.[0]?.address === "staff@hidamari.example.jp");
    assert.equal(staff.length, 1, "one staff mail");
    const mail = staff[0].parsed;
    assert.equal(mail.from.address, "tsunagu@hidamari.example.jp");
    assert.match(mail.from.name, /ひだまり登戸 お問い合わせフォーム/);
    assert.deepEqual(mail.replyTo?.map((a) => a.address), [SAKURA]);
    assert.equal(mail.subject, `【見学予約】パソコングループワーク 受付番号 ${receipt}`);
    assert.ok(!Number.isNaN(Date.parse(mail.date)), `Date: ${mail.date}`);
    assert.match(mail.messageId, new RegExp(`^<${receipt}\\.\\d+\\.0@hidamari\\.example\\.jp>$`));
    assert.match(staff[0].raw, /^Content-Type: text\/plain; charset=UTF-8\r$/m);
    assert.match(staff[0].raw, /^Subject: =\?UTF-8\?B\?/m, "RFC 2047 encoded");
    for (const line of [
      `受付番号: ${receipt}`,
      "種別: 見学予約",
      "グループ: パソコングループワーク (hidamari-pc-gw)",
      "ご相談者: 家族",
      "お名前（ニックネーム可）: 山田 さくら",
      "ふりがな: やまだ さくら",
      "ご希望の連絡方法: どちらでも",
      `メールアドレス: ${SAKURA}`,
      "電話番号: 090-1234-5678",
      `ご希望の日時:\n  1. ${MEETINGS[0].label}\n  2. ${MEETINGS[1].label}`,
      "同意した文面の版: 2026-04",
      "息子のことで相談したいです。\n見学は可能でしょうか。",
    ]) {
      assert.ok(mail.text.replaceAll("\r\n", "\n").includes(line), `${JSON.stringify(line)} missing from\n${mail.text}`);
    }
    assert.match(mail.text, /受付日時: \d{4}年\d{1,2}月\d{1,2}日\([月火水木金土日]\) \d\d:\d\d/);

    // Stored before the 201, with the retention as its expiry and its summary as metadata;
    // the mail record says delivered and the outbox is empty again.
    const [stored] = await stack.kvKeys("INQUIRIES", `inquiry/v1/hidamari-noborito/${receipt}`);
    assert.deepEqual(
      { ...stored.metadata, received_at: undefined },
      { receipt_id: receipt, kind: "visit", group: "hidamari-pc-gw", status: "open", received_at: undefined },
    );
    const receivedAt = Date.parse(stored.metadata.received_at) / 1000;
    assert.equal(stored.expiration, Math.floor(receivedAt) + 180 * 86400);
    const record = await mailRecord("hidamari-noborito", receipt);
    assert.equal(record.complete, true);
    assert.ok(record.delivered.includes("staff:staff@hidamari.example.jp"));
    assert.equal(await outboxEntry("hidamari-noborito", receipt), undefined);
  });

  test("without an email address there is no Reply-To and no auto-reply", async () => {
    const receipt = await send({ contact: "phone", email: "", phone: "044-000-9999" });
    const mails = await mailsFor(receipt);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].parsed.replyTo, undefined);
    assert.deepEqual(header(mails[0], "reply-to"), []);
    assert.match(mails[0].parsed.text, /メールアドレス: （未記入）/);
  });

  test("a group with its own staff is mailed to them only", async () => {
    const receipt = await send({ group: "hidamari-walking", email: HINATA, preferred: [] });
    const staff = (await mailsFor(receipt)).filter((m) => m.parsed.to[0].address !== HINATA);
    assert.deepEqual(
      staff.map((m) => m.parsed.to[0].address),
      ["walking@hidamari.example.jp"],
    );
    assert.match(staff[0].parsed.text, /ご希望の日時:\r?\n  （未記入）/);
  });

  test("summary mail carries kind, group, receipt and the link, and no personal data", async () => {
    const receipt = await send({
      facility: "tamagawa-peer",
      group: "tamagawa-parkinson",
      kind: "materials",
      postal_address: "〒214-0014 川崎市多摩区登戸1-2-3",
      preferred: [],
    });
    const mails = await mailsFor(receipt);
    assert.equal(mails.length, 1, "summary facilities send no auto-reply");
    const mail = mails[0].parsed;
    assert.equal(mail.to[0].address, "peer@tamagawa.example.jp");
    assert.equal(mail.subject, `【資料請求】パーキンソン病 患者・家族のつどい 受付番号 ${receipt}`);
    assert.equal(mail.replyTo, undefined);
    assert.match(mail.text, new RegExp(`https://tamagawa\\.example\\.jp/staff/inquiries/${receipt}`));
    assert.match(mail.text, /種別: 資料請求/);
    for (const secret of ["山田", "さくら", SAKURA, "090-1234-5678", "息子", "川崎市"]) {
      assert.ok(!mails[0].raw.includes(secret) && !mail.text.includes(secret), `${secret} in summary mail`);
    }
  });
});

describe("auto-reply", () => {
  test("has the receipt number and next steps, never what the visitor wrote, once a day per address", async () => {
    // sakura got her auto-reply with the first test's inquiry: none for this one, though she
    // writes her address differently (the limit ignores case).
    const again = await send({ email: "Sakura@Example.JP" });
    const againMails = await mailsFor(again);
    assert.deepEqual(
      againMails.map((m) => m.parsed.to[0].address),
      ["staff@hidamari.example.jp"],
    );

    const toSakura = (m) => m.parsed.to[0].address.toLowerCase() === SAKURA;
    const all = (await stack.mails()).filter(toSakura);
    assert.equal(all.length, 1, "one auto-reply to one address, however many inquiries");
    const reply = all[0].parsed;
    assert.equal(reply.from.address, "tsunagu@hidamari.example.jp");
    assert.match(reply.subject, /お問い合わせを受け付けました（受付番号 [0-9A-Z]{8}）/);
    assert.deepEqual(header(all[0], "auto-submitted"), ["auto-replied"]);
    assert.match(reply.text, /受付番号: [0-9A-Z]{8}/);
    assert.match(reply.text, /3営業日以内にご連絡します。/);
    assert.match(reply.text, /電話: 044-000-1234（月〜土 9:00〜17:00）/);
    for (const secret of ["山田", "やまだ", "090-1234-5678", "息子", "見学は可能", "パソコン"]) {
      assert.ok(!reply.text.includes(secret) && !reply.subject.includes(secret), `${secret} in the auto-reply`);
    }
    // The limit's key holds a hash, not the address.
    const keys = Object.keys(await stack.kv("INQUIRIES")).filter((k) => k.startsWith("autoreply/v1/"));
    assert.ok(keys.length >= 1);
    for (const key of keys) assert.match(key, /^autoreply\/v1\/hidamari-noborito\/[0-9a-f]{64}$/);
  });
});

describe("outbox", () => {
  test("a recipient the binding refuses: stored, retried with backoff, delivered once after recovery", async () => {
    const receipt = await send({ facility: "tsumugi-sendai", group: "tsumugi-ibasho", email: HINATA, preferred: [] });
    assert.deepEqual(await mailsFor(receipt), [], "refused inline");
    // Half delivered: the staff mail went, the auto-reply was refused.
    const half = await send({ email: REFUSED_VISITOR, preferred: [] });
    const halfTo = async () => (await mailsFor(half)).map((m) => m.parsed.to[0].address).sort();
    assert.deepEqual(await halfTo(), ["staff@hidamari.example.jp"]);
    const halfRecord = await mailRecord("hidamari-noborito", half);
    assert.deepEqual(halfRecord.delivered, ["staff:staff@hidamari.example.jp"]);
    assert.equal(halfRecord.complete, false);
    const stored = (await stack.kv("INQUIRIES"))[`inquiry/v1/tsumugi-sendai/${receipt}`];
    assert.equal(JSON.parse(stored).inquiry.email, HINATA, "stored before the 201");
    let record = await mailRecord("tsumugi-sendai", receipt);
    assert.deepEqual({ complete: record.complete, attempts: record.attempts }, { complete: false, attempts: 1 });
    let entry = await outboxEntry("tsumugi-sendai", receipt);
    assert.equal(entry.metadata.attempts, 0);

    // The cron run while the recipient is still refused: one more attempt, a later next try.
    const now = Date.now();
    await stack.scheduled(new Date(now + 60_000));
    entry = await outboxEntry("tsumugi-sendai", receipt);
    assert.equal(entry.metadata.attempts, 1);
    assert.ok(Date.parse(entry.metadata.next_at) >= now + 60_000 + 120_000, entry.metadata.next_at);
    assert.equal((await mailRecord("tsumugi-sendai", receipt)).attempts, 2);
    // Not due yet: a run before next_at sends nothing and changes nothing.
    await stack.scheduled(new Date(now + 90_000));
    assert.equal((await outboxEntry("tsumugi-sendai", receipt)).metadata.attempts, 1);

    // The address is verified now: the same state, a healthy binding.
    await stack.restart({ bindings: healthyBindings });
    await stack.scheduled(new Date(now + 10 * 60_000));
    let mails = await mailsFor(receipt);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].parsed.to[0].address, REFUSED_STAFF);
    record = await mailRecord("tsumugi-sendai", receipt);
    assert.equal(record.complete, true);
    assert.equal(await outboxEntry("tsumugi-sendai", receipt), undefined);
    // The half-delivered inquiry got its auto-reply, and its staff mail was not sent again.
    assert.deepEqual(await halfTo(), [REFUSED_VISITOR, "staff@hidamari.example.jp"]);
    assert.equal((await mailRecord("hidamari-noborito", half)).complete, true);

    // Later runs send nothing more.
    await stack.scheduled(new Date(now + 60 * 60_000));
    await stack.scheduled(new Date(now + 24 * 60 * 60_000));
    mails = await mailsFor(receipt);
    assert.equal(mails.length, 1, "delivered exactly once");
    assert.deepEqual(await halfTo(), [REFUSED_VISITOR, "staff@hidamari.example.jp"]);
  });

  /** Sends a question from a facility that mails through the HTTP API, whose first answer is
   *  500; resolves to the API's request count before it, the receipt, and `sent()`, the API's
   *  requests for that receipt so far (checked to be the one failed inline attempt). */
  async function sendThroughFailingApi() {
    const before = api.requests.length;
    api.failNext(500);
    const receipt = await send({
      facility: "yasumiba-online",
      group: "yasumiba-freespace",
      kind: "question",
      email: KAEDE,
      preferred: [],
    });
    const sent = () => api.requests.slice(before).filter((r) => r.json?.headers?.["X-Tsunagu-Receipt"] === receipt);
    assert.deepEqual(sent().map((r) => r.status), [500]);
    return { before, receipt, sent };
  }

  test("the HTTP mail API answering 500 then 202: one delivery after the cron run", async () => {
    const { receipt, sent } = await sendThroughFailingApi();
    const [request] = sent();
    assert.equal(request.method, "POST");
    assert.equal(request.path, "/emails");
    assert.equal(request.headers.authorization, "Bearer test-mail-key");
    assert.match(request.headers["content-type"], /application\/json/);
    assert.ok(request.headers["idempotency-key"].includes(receipt));
    assert.equal(request.json.from, "オンライン居場所「やすみば」 お問い合わせフォーム <tsunagu@yasumiba.example.jp>");
    assert.deepEqual(request.json.to, ["soudan@yasumiba.example.jp"]);
    assert.equal(request.json.reply_to, KAEDE);
    assert.equal(request.json.subject, `【その他の質問】フリースペース（出会いの場） 受付番号 ${receipt}`);
    assert.match(request.json.text, /お問い合わせ内容\n息子のことで相談したいです。/);
    assert.match(request.json.headers["Message-ID"], new RegExp(`^<${receipt}\\.`));
    assert.equal((await mailRecord("yasumiba-online", receipt)).complete, false);

    await stack.scheduled(new Date(Date.now() + 60_000));
    assert.deepEqual(sent().map((r) => r.status), [500, 202]);
    assert.equal((await mailRecord("yasumiba-online", receipt)).complete, true);
    assert.equal(await outboxEntry("yasumiba-online", receipt), undefined);

    await stack.scheduled(new Date(Date.now() + 30 * 60_000));
    assert.deepEqual(sent().map((r) => r.status), [500, 202], "a second run sends nothing");
    assert.equal(api.delivered().filter((r) => r.json.headers["X-Tsunagu-Receipt"] === receipt).length, 1);
  });

  test("two cron runs overlapping while the provider is slow: the mail is sent once", async () => {
    const { before, receipt, sent } = await sendThroughFailingApi();

    // The first run's request is held at the provider until the second run, a minute of
    // platform time later (when the entry would be due again without a lease), has finished.
    const arrivedBefore = before + 1;
    const release = api.holdNext();
    const start = Date.now() + 60_000;
    const first = stack.scheduled(new Date(start));
    await api.arrivals(arrivedBefore + 1);
    await stack.scheduled(new Date(start + 60_000));
    assert.equal(api.requests.length, arrivedBefore, "the second run sent nothing while the first was waiting");
    release();
    await first;
    assert.deepEqual(sent().map((r) => r.status), [500, 202], "one send by the first run, none by the second");
    assert.equal((await mailRecord("yasumiba-online", receipt)).complete, true);
    assert.equal(await outboxEntry("yasumiba-online", receipt), undefined);
  });
});

test("the worker's logs hold no visitor's address, phone, name or message", async () => {
  await assertLogsHoldNoPersonalData(
    stack,
    {
      email: [...VISITORS, REFUSED_VISITOR],
      phone: ["０９０－１２３４－５６７８", "044-000-9999"],
      name: ["山田 さくら", "やまだ さくら"],
      text: ["息子のことで相談したいです。\n見学は可能でしょうか。", "〒214-0014 川崎市多摩区登戸1-2-3"],
      secret: ["test-mail-key"],
    },
    { until: /stored for facility yasumiba-online/ },
  );
  // The worker's own lines are here (so the check above read them), failures included.
  const logs = stack.logLines().join("\n");
  assert.match(logs, /receipt [0-9A-Z]{8}: staff mail not delivered: .*send_email: email to <address> not allowed/);
  assert.match(logs, /receipt [0-9A-Z]{8}: staff mail not delivered: .*mail API answered 500/);
});
