// The edge worker in real workerd: HTTP in, KV and .eml files out.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { post, startStack } from "./support/stack.mjs";

/** A submission as the widget posts it: the inquiry (with `overrides`) and its anti-spam
 *  signals. */
const inquiry = (overrides = {}) => ({
  inquiry: {
    facility: "yasumiba-online",
    group: "yasumiba-freespace",
    kind: "visit",
    name: "ひなた",
    email: "hinata@example.jp",
    message: "はじめてです。\nカメラなしで参加できますか？",
    consent: true,
    consent_version: "2026-04",
    ...overrides,
  },
  website: "",
  fill_ms: 8000,
});

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

/** Runs `fn` and asserts it left INQUIRIES exactly as it was, every key and value, and sent no
 *  mail. */
async function assertNothingStored(fn) {
  const kvBefore = await stack.kv("INQUIRIES");
  const mailBefore = (await stack.mails()).length;
  const result = await fn();
  assert.deepEqual(await stack.kv("INQUIRIES"), kvBefore, "KV changed");
  assert.equal((await stack.mails()).length, mailBefore, "mail was sent");
  return result;
}

describe("GET /v1/groups", () => {
  test("serves the directory loaded by `tsunagu load`, readable by any page", async () => {
    const res = await fetch(`${stack.workerOrigin}/v1/groups`, { headers: { origin: stack.demoOrigin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const body = await res.json();
    const data = JSON.parse(readFileSync(new URL("../demo/data/directory.json", import.meta.url)));
    assert.deepEqual(body, data);
    const freespace = body.groups.find((g) => g.id === "yasumiba-freespace");
    assert.deepEqual(freespace.schedule.rules[0].repeat, {
      freq: "monthly_by_weekday",
      weekdays: ["Wed"],
      nth: [2, 3, 4],
    });
    // Private configuration never appears in the public directory.
    const facilities = JSON.parse(readFileSync(new URL("../demo/data/facilities.json", import.meta.url)));
    const secrets = facilities.flatMap((f) => [...f.staff_emails, f.sender]);
    const text = JSON.stringify(body);
    assert.doesNotMatch(text, /staff_emails|allowed_origins|"sender"/);
    for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked`);
  });

  test("filters by facility", async () => {
    const res = await fetch(`${stack.workerOrigin}/v1/groups?facility=tamagawa-peer`);
    const body = await res.json();
    assert.deepEqual(body.groups.map((g) => g.id).sort(), ["tamagawa-parkinson", "tamagawa-peer-soudan"]);
    assert.deepEqual(body.facilities.map((f) => f.id), ["tamagawa-peer"]);
  });

  test("an unknown or malformed facility is a 404 with its code", async () => {
    for (const facility of ["nowhere", "..%2F..%2Fetc"]) {
      const res = await fetch(`${stack.workerOrigin}/v1/groups?facility=${facility}`);
      assert.equal(res.status, 404);
      assert.equal((await res.json()).code, "unknown_facility");
    }
  });

  test("any origin may read it: public data, the same answer for every page", async () => {
    const res = await fetch(`${stack.workerOrigin}/v1/groups`, { headers: { origin: "https://evil.example" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
  });
});

describe("CORS preflight", () => {
  test("answers configured origins only", async () => {
    const ok = await fetch(`${stack.workerOrigin}/v1/inquiries`, {
      method: "OPTIONS",
      headers: { origin: stack.demoOrigin, "access-control-request-method": "POST" },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), stack.demoOrigin);
    assert.match(ok.headers.get("access-control-allow-methods"), /POST/);

    const evil = await fetch(`${stack.workerOrigin}/v1/inquiries`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
    assert.equal((await evil.json()).code, "origin_not_allowed");
  });
});

describe("POST /v1/inquiries", () => {
  test("stores the inquiry, mails staff in Japanese with Reply-To, answers 201 with a receipt", async () => {
    const res = await post(stack, "/v1/inquiries", inquiry());
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.get("access-control-allow-origin"), stack.demoOrigin);
    const receipt = res.json.receipt_id;
    assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{8}$/);

    const kv = await stack.kv("INQUIRIES");
    const stored = JSON.parse(kv[`inquiry/v1/yasumiba-online/${receipt}`]);
    assert.equal(stored.receipt_id, receipt);
    assert.equal(stored.inquiry.name, "ひなた");
    assert.equal(stored.inquiry.message, "はじめてです。\nカメラなしで参加できますか？");
    assert.ok(Date.parse(stored.received_at) > Date.now() - 60_000);
    assert.ok(kv[`mail/v1/yasumiba-online/${receipt}`], "mail record missing");

    const mails = (await stack.mails()).filter((m) => m.parsed.subject.includes(receipt));
    assert.equal(mails.length, 1);
    const { parsed, raw } = mails[0];
    assert.equal(parsed.subject, `【見学予約】フリースペース（出会いの場） 受付番号 ${receipt}`);
    assert.deepEqual(parsed.to.map((a) => a.address), ["soudan@yasumiba.example.jp"]);
    assert.deepEqual(parsed.replyTo.map((a) => a.address), ["hinata@example.jp"]);
    assert.equal(parsed.from.address, "tsunagu@yasumiba.example.jp");
    assert.equal(parsed.from.name, "オンライン居場所「やすみば」 お問い合わせフォーム");
    assert.match(raw, /^Subject: =\?UTF-8\?B\?/m, "subject must be RFC 2047 encoded");
    for (const line of [
      `受付番号: ${receipt}`,
      "種別: 見学予約",
      "グループ: フリースペース（出会いの場） (yasumiba-freespace)",
      "お名前（ニックネーム可）: ひなた",
      "メールアドレス: hinata@example.jp",
      "カメラなしで参加できますか？",
    ]) {
      assert.ok(parsed.text.includes(line), `body lacks ${line}:\n${parsed.text}`);
    }
    assert.match(parsed.text, /受付日時: \d{4}年\d{1,2}月\d{1,2}日\([月火水木金土日]\) \d{2}:\d{2}/);
  });

  test("a full-width address typed with an IME is stored folded", async () => {
    const res = await post(stack, "/v1/inquiries", inquiry({ email: "ｈｉｎａｔａ＠ｅｘａｍｐｌｅ．ｊｐ" }));
    assert.equal(res.status, 201, res.text);
    const stored = JSON.parse((await stack.kv("INQUIRIES"))[`inquiry/v1/yasumiba-online/${res.json.receipt_id}`]);
    assert.equal(stored.inquiry.email, "hinata@example.jp");
  });

  // Hostile variations of these (header injection, wrong types, forged origins, traversal in
  // ids) are the attack corpus, tests/corpus.test.mjs.
  const rejections = [
    ["no consent", () => post(stack, "/v1/inquiries", inquiry({ consent: false })), 422, "validation_failed", "consent"],
    ["a bad email", () => post(stack, "/v1/inquiries", inquiry({ email: "hinata@" })), 422, "validation_failed", "email"],
    ["an oversize body", () => post(stack, "/v1/inquiries", inquiry({ message: "あ".repeat(20_000) })), 413, "payload_too_large"],
    ["a wrong content type", () => post(stack, "/v1/inquiries", inquiry(), { contentType: "text/plain" }), 415, "unsupported_media_type"],
    ["an origin not allowed", () => post(stack, "/v1/inquiries", inquiry(), { origin: "https://evil.example" }), 403, "origin_not_allowed"],
    ["an unknown facility", () => post(stack, "/v1/inquiries", inquiry({ facility: "nowhere" })), 404, "unknown_facility"],
    ["another facility's group", () => post(stack, "/v1/inquiries", inquiry({ group: "hidamari-walking" })), 404, "unknown_group"],
    ["broken JSON", () => post(stack, "/v1/inquiries", null, { raw: "{\"inquiry\":" }), 400, "invalid_json"],
  ];
  for (const [what, send, status, code, field] of rejections) {
    test(`${what} → ${status} ${code}, nothing stored or mailed`, async () => {
      const res = await assertNothingStored(send);
      assert.equal(res.status, status, res.text);
      assert.equal(res.json?.code, code, res.text);
      assert.equal(typeof res.json.message, "string");
      if (field) {
        assert.ok(res.json.fields.some((f) => f.field === field), res.text);
      }
    });
  }
});

describe("request size", () => {
  test("a chunked body without Content-Length is refused once it passes the limit", async () => {
    // The upload sends a little more than the limit and then holds the request open without
    // ending it. The worker must answer while the upload is still unfinished, which shows it
    // stops reading at the limit. Sending only what the worker reads also keeps the answer
    // deterministic: a server that closes with unread upload bytes resets the connection, and
    // that reset can overtake its own answer.
    const limit = 32 * 1024;
    const res = await assertNothingStored(
      () =>
        new Promise((resolve, reject) => {
          const req = http.request(`${stack.workerOrigin}/v1/inquiries`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: stack.demoOrigin },
          });
          const waited = setTimeout(() => {
            req.destroy();
            reject(new Error("no answer while the upload was held open past the limit"));
          }, 15_000);
          req.on("response", (response) => {
            clearTimeout(waited);
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (part) => (text += part));
            response.on("end", () => {
              req.destroy();
              resolve({ status: response.statusCode, json: async () => JSON.parse(text) });
            });
            response.on("error", reject);
          });
          req.on("error", (error) => {
            clearTimeout(waited);
            reject(error);
          });
          // Chunks of 1 KiB, one past the limit, then nothing more and no end.
          for (let sent = 0; sent <= limit; sent += 1024) {
            req.write(" ".repeat(1024));
          }
        }),
    );
    assert.equal(res.status, 413);
    assert.equal((await res.json()).code, "payload_too_large");
  });
});

describe("other routes", () => {
  test("unknown paths and methods get JSON errors", async () => {
    const missing = await fetch(`${stack.workerOrigin}/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, "not_found");
    const method = await fetch(`${stack.workerOrigin}/v1/groups`, { method: "DELETE" });
    assert.equal(method.status, 405);
    assert.equal(method.headers.get("allow"), "GET, HEAD, OPTIONS");
    assert.equal((await method.json()).code, "method_not_allowed");
  });

  test("the widget assets are served cross-origin with the right types", async () => {
    const headers = { origin: stack.demoOrigin };
    const wasm = await fetch(`${stack.workerOrigin}/widget/tsunagu_widget_bg.wasm`, { headers });
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.equal(wasm.headers.get("access-control-allow-origin"), "*");
    const loader = await fetch(`${stack.workerOrigin}/widget/tsunagu.js`, { headers });
    assert.match(loader.headers.get("content-type"), /javascript/);
    assert.equal(loader.headers.get("access-control-allow-origin"), "*");
  });

  test("no personal data reaches the worker's log", async () => {
    const res = await post(stack, "/v1/inquiries", inquiry({ name: "ログ確認用の名前", message: "ログに出てはいけない本文" }));
    assert.equal(res.status, 201);
    await assertLogsHoldNoPersonalData(
      stack,
      { name: ["ログ確認用の名前"], text: ["ログに出てはいけない本文"], email: ["hinata@example.jp"] },
      { until: new RegExp(`inquiry ${res.json.receipt_id} stored`) },
    );
  });
});
