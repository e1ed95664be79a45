"""The SMS channel: `/webhooks/sms` and `/webhooks/sms/status` on `tradebot serve` (issue 17).

A Twilio-compatible gateway posts each incoming SMS form-encoded (`From`, `To`, `Body`,
`MessageSid`), signed with `X-Twilio-Signature`; an unsigned or forged request is refused
(403) before anything is stored. The message goes into the durable inbox keyed by its
`MessageSid` (a repeated delivery is answered once), the gateway gets an empty TwiML
answer, and the turn runs in the background, one number's messages in order.

Keywords come first, whole messages in any of the 7 languages (locales/*/sms.ftl): STOP
ends all sending to the number until START; HELP answers how the SMS service works;
LANG opens the language list. Otherwise digits (or a choice's words) are read back from the
menu of the last SMS, anything else goes to the engine as typed text. The reply is
rendered into one SMS within its segment budget (`sms_render`), paid for against the
daily caps (`sms_store`), queued in the outbox with the turn and sent through the
gateway's REST API (`sms_client`); what could not be sent is sent again by Recovery.

A notice or broadcast the outbox worker sends (they carry no choices) leaves her
conversation's menu as it was. When it does not fit one SMS, its first page ends with
'N more' and the rest is kept with her number (`pending`): N sends the next page, as a
reply to her SMS, without a turn, until the last; then, or as soon as she answers anything
else, her numbers mean what they meant in her conversation again. A notice that fits one SMS
leaves an earlier one's pages left alone; STOP drops them, and so does the hourly retention
a day after the last page sent. Each next page moves her pages left on in the transaction
that queues it, so a page sent again (Recovery) is the same page and writes nothing. A
notice to a number forgotten (/forget) after it was queued is neither sent nor paid for.

Each SMS of hers opens or continues her conversation (`sms_store`; START and LANG open a
new one, STOP ends it), whose segments go into /metrics and the admins' stats once it has
ended (one that cost nothing counts nowhere); a notice adds to it only while it is open by
the idle rule. 'Save' at the border sends the rights card in short (handlers/card.py) as one
SMS of at most 2 segments, its last rights left out when they do not fit; the full card is
one number away, and the screen she was at still answers to its numbers and words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import Connection

from bot.channels.contract import (
    ChannelSpec,
    InactiveMarker,
    InboxChannel,
    Limits,
    Outlet,
    Services,
    serve_channel,
)
from bot.channels.edge import clean_text
from bot.channels.sms_client import GatewayError, SmsClient, signature_ok
from bot.channels.sms_render import (
    MORE,
    REPLY_BUDGET,
    Labels,
    Sms,
    fold_words,
    labels_for,
    preview,
    read_back,
    render,
)
from bot.channels.sms_segments import GSM7_PART, cheapest, segments, septets
from bot.channels.sms_store import SmsStore, Spend
from bot.inbox import Receipt
from bot.models import today, utcnow
from bot.outbox import payload_replies, replies_payload
from handlers.events import Event, Outcome, Reply, UserRef
from knowledge import DEFAULT_LANG, LANGS, translit

log = logging.getLogger(__name__)

CHANNEL = "sms"
PATH = "/webhooks/sms"
STATUS_PATH = "/webhooks/sms/status"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
CARD_BUDGET = 2  # the rights card to keep offline (issue 17)
CARD = "card:"  # the rights card in short, one country's (handlers/card.py)
FULL_CARD = "keep"
FORGET = "forget:yes"
# In the queued reply (the receipt's extra), and partly in the number's menu.
REMEMBERED = ("page", "budget", "again", "keep_menu", "forget", "trim", "card", "notice_page")
NUMBER = re.compile(r"\+?[0-9]{5,20}")
SID = re.compile(r"[A-Za-z0-9]{10,64}")
MAX_BODY = 1600  # what a gateway accepts in one (concatenated) SMS
# The language a number's country most likely reads (the trader can change it: LANG).
PREFIX_LANGS = (
    ("993", "tk"),
    ("998", "uz"),
    ("996", "ky"),
    ("992", "tg"),
    ("77", "kk"),
    ("7", "ru"),
)


def number_language(number: str) -> str | None:
    digits = number.lstrip("+")
    return next((lang for prefix, lang in PREFIX_LANGS if digits.startswith(prefix)), None)


# ---- keywords -----------------------------------------------------------------------------


class Keywords:
    """STOP, START, HELP and LANG in every language, as whole messages."""

    KINDS = ("stop", "start", "help", "language")

    def __init__(self, translator: Any) -> None:
        self.words: dict[str, str] = {}
        for lang in LANGS:
            for kind in self.KINDS:
                for word in translator(lang, f"sms-{kind}-words").split(","):
                    if not word.strip():
                        continue
                    self.words[fold_words(word)] = kind
                    if lang == "uz":  # Uzbek typed in Cyrillic too ('ТЎХТА')
                        self.words[fold_words(translit.to_cyrillic(word.strip().lower()))] = kind

    def kind(self, text: str) -> str | None:
        return self.words.get(fold_words(text)) if len(text) <= 40 else None


# ---- metrics ------------------------------------------------------------------------------


@dataclass
class SmsMetrics:
    segments: Counter
    messages: Counter
    per_message: Histogram
    day_segments: Gauge
    day_numbers: Gauge
    conversation: Histogram


_METRICS: dict[int, SmsMetrics] = {}


def sms_metrics(registry: CollectorRegistry) -> SmsMetrics:
    """One set per registry (the app's): the web server and the worker may share one app."""
    if id(registry) not in _METRICS:
        _METRICS[id(registry)] = SmsMetrics(
            Counter("tradebot_sms_segments", "SMS segments sent", ["kind"], registry=registry),
            Counter("tradebot_sms_messages", "SMS sent", ["kind"], registry=registry),
            Histogram(
                "tradebot_sms_message_segments",
                "Segments of one SMS",
                buckets=(1, 2, 3, 4, 6),
                registry=registry,
            ),
            Gauge("tradebot_sms_day_segments", "Segments sent today", registry=registry),
            Gauge("tradebot_sms_day_numbers", "Numbers texted today", registry=registry),
            Histogram(
                "tradebot_sms_conversation_segments",
                "Segments sent in one SMS conversation, observed when it ends",
                buckets=(1, 2, 3, 5, 8, 12, 20, 30, 50),
                registry=registry,
            ),
        )
    return _METRICS[id(registry)]


# ---- sending ------------------------------------------------------------------------------


class SmsSender:
    """Renders and sends a turn's replies to one number, within the caps; also the outbox's
    sender for notices and broadcasts (`deliver`)."""

    def __init__(
        self,
        app: Any,
        client: SmsClient,
        store: SmsStore,
        inactive: InactiveMarker | None = None,
    ) -> None:
        self.app = app
        self.client = client
        self.store = store
        self.inactive = inactive or app.store  # told of a number the gateway cannot reach
        self.metrics = sms_metrics(app.metrics.registry)

    @classmethod
    def for_app(
        cls, app: Any, http: httpx.AsyncClient, inactive: InactiveMarker | None = None
    ) -> SmsSender:
        settings = app.settings
        token = settings.sms_auth_token.get_secret_value() if settings.sms_auth_token else ""
        public = (settings.sms_public_url or "").rstrip("/")
        client = SmsClient(
            http,
            settings.sms_api_url,
            settings.sms_account_sid or "",
            token,
            settings.sms_from or "",
            settings.sms_rate_per_s,
            status_callback=public + STATUS_PATH if public else None,
        )
        return cls(app, client, SmsStore(app.sessions), inactive)

    async def language(self, user: UserRef) -> str:
        try:
            lang = await self.app.store.language_of(user)
        except Exception:
            lang = None
        return lang or number_language(user.platform_id) or DEFAULT_LANG

    def t(self, lang: str, key: str) -> str:
        return self.app.translator(lang if lang in LANGS else DEFAULT_LANG, key)

    def labels(self, lang: str) -> Labels:
        return labels_for(self.app.translator, lang)

    async def deliver(
        self,
        user: UserRef,
        replies: Sequence[Reply],
        knowledge_version: int = 0,
        *,
        page: int = 1,
        budget: int = REPLY_BUDGET,
        kind: str = "notice",
        remember: dict[str, Any] | None = None,
        trim: bool = False,
        keep_pending: bool = True,
        under: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send the replies as one SMS; False when nothing was sent (STOP, a cap, a notice
        to a number forgotten meanwhile). A reply of her conversation leaves its menu for
        her next SMS; a notice (the outbox's) too long for one SMS keeps its pages left
        instead, her conversation's menu staying (a one-page notice leaves earlier pages
        left as they are; a notice's next page was moved on when it was queued:
        `keep_pending` False)."""
        number = user.platform_id
        state = await self.store.state(number)
        if state.stopped:
            return False
        lang = await self.language(user)
        sms = render(replies, self.labels(lang), budget, page, trim)
        known_only = kind != "reply"
        if not await self.pay(user, lang, sms.body, state.capped_on, known_only=known_only):
            return False
        try:
            await self.send_text(number, sms.body, kind)
        except GatewayError as error:
            if not error.unreachable:
                raise
            log.info("SMS number unreachable (code %s); marked inactive", error.code)
            await self.inactive.mark_inactive(user)
            return False
        if kind == "reply":
            await self.store.save_menu(number, {**menu_of(sms, under), **(remember or {})})
        elif keep_pending and (pending := pending_of(sms, replies)) is not None:
            await self.store.save_pending(number, pending)
        return True

    async def pay(
        self, user: UserRef, lang: str, body: str, capped_on: Any, known_only: bool = False
    ) -> bool:
        settings = self.app.settings
        spent = await self.store.spend(
            user.platform_id,
            segments(body),
            settings.sms_daily_segments_per_number,
            settings.sms_daily_segments_total,
            known_only=known_only,
            idle=self.idle() if known_only else None,
        )
        if spent == Spend.OK:
            await self.update_day_gauges()
            return True
        if spent == Spend.GONE:
            log.info("a notice to a number forgotten meanwhile is not sent")
            return False
        log.info("SMS cap reached (%s); the reply is not sent", spent.value)
        if capped_on != today():  # told once a day, a one-segment notice
            key = "sms-cap-number" if spent == Spend.NUMBER_CAP else "sms-cap-total"
            await self.store.told_of_cap(user.platform_id, today())
            await self.send_text(user.platform_id, self.t(lang, key), "cap")
        return False

    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.app.settings.sms_conversation_idle_minutes)

    async def converse(self, number: str, reset: bool = False) -> None:
        """Her SMS opens or continues her conversation (START and LANG open a new one)."""
        self.observe(await self.store.converse(number, utcnow(), self.idle(), reset))

    def observe(self, ended: Sequence[int]) -> None:
        """Conversations that ended: their segments into the histogram (one that cost
        nothing, as a repeated START or a reply over the cap, is no conversation)."""
        for total in ended:
            if total > 0:
                self.metrics.conversation.observe(total)

    async def update_day_gauges(self) -> None:
        days = await self.store.days(today())
        if days:
            self.metrics.day_segments.set(days[-1].segments)
            self.metrics.day_numbers.set(days[-1].numbers)

    async def send_text(self, number: str, body: str, kind: str) -> str:
        body = cheapest(body)
        sid = await self.client.send(number, body)
        count = segments(body)
        self.metrics.segments.labels(kind).inc(count)
        self.metrics.messages.labels(kind).inc()
        self.metrics.per_message.observe(count)
        return sid


def menu_of(sms: Sms, under: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The SMS's menu; with `under` (the menu of the screen a one-off reply such as the
    short card came over), that screen's numbers and words too, where this SMS's own do
    not take them (its 'more' not: that screen's pages are not this one's)."""
    numbers, titles = dict(sms.menu), dict(sms.titles)
    if under:
        kept = {n: c for n, c in (under.get("n") or {}).items() if c != MORE}
        numbers = {**kept, **numbers}
        titles = {**(under.get("t") or {}), **titles}
    return {"n": numbers, "t": titles, "page": sms.page}


def pending_of(sms: Sms, replies: Sequence[Reply]) -> dict[str, Any] | None:
    """A notice's page with more to come: its replies, the page sent, its menu (the
    number of 'more') and when (kept a day at most, bot/retention.py); None at its last
    page."""
    if not sms.pages_left:
        return None
    return {**replies_payload(replies), "n": sms.menu, "page": sms.page, "at": utcnow().isoformat()}


# ---- the channel ----------------------------------------------------------------------------


class SmsChannel(InboxChannel):
    """SMS in through the inbox, answers out through the gateway (bot/channels/contract.py)."""

    name = CHANNEL
    platform_errors = (GatewayError, httpx.HTTPError)

    def __init__(self, services: Services, sender: SmsSender) -> None:
        super().__init__(services)
        self.sender = sender
        self.store = sender.store
        self.keywords = Keywords(services.translator)

    # ---- HTTP -----------------------------------------------------------------------------

    def signed(self, request: web.Request, params: list[tuple[str, str]]) -> bool:
        settings = self.app.settings
        token = settings.sms_auth_token.get_secret_value() if settings.sms_auth_token else None
        base = (settings.sms_public_url or f"{request.scheme}://{request.host}").rstrip("/")
        header = request.headers.get("X-Twilio-Signature")
        return signature_ok(token, base + request.path_qs, params, header)

    async def form(self, request: web.Request) -> list[tuple[str, str]] | None:
        try:
            data = await request.post()
        except Exception:
            return None
        return [(str(k), v) for k, v in data.items() if isinstance(v, str)]

    async def receive(self, request: web.Request) -> web.Response:
        params = await self.form(request)
        if params is None or not self.signed(request, params):
            log.warning("SMS webhook with a missing or wrong signature refused")
            return web.Response(status=403, text="bad signature", content_type="text/plain")
        fields = dict(params)
        number, sid = fields.get("From", ""), fields.get("MessageSid", "")
        if not NUMBER.fullmatch(number) or not SID.fullmatch(sid):
            return web.Response(status=400, text="bad message", content_type="text/plain")
        body = clean_text(fields.get("Body", ""), MAX_BODY)
        user = UserRef(CHANNEL, number)
        try:
            items = await self.accept([(sid, user, {"from": number, "body": body})])
        except Exception as error:
            log.warning("cannot store an SMS: %s", type(error).__name__)
            return web.Response(status=503, text="try later", content_type="text/plain")
        for item in items:
            self.spawn(self.handle(item))
        return web.Response(text=EMPTY_TWIML, content_type="text/xml")

    async def status(self, request: web.Request) -> web.Response:
        params = await self.form(request)
        if params is None or not self.signed(request, params):
            return web.Response(status=403, text="bad signature", content_type="text/plain")
        fields = dict(params)
        sid, status = fields.get("MessageSid", ""), fields.get("MessageStatus", "")
        if not SID.fullmatch(sid) or not status:
            return web.Response(status=400, text="bad status", content_type="text/plain")
        code = fields.get("ErrorCode", "")
        error_code = int(code) if code.isdigit() and len(code) < 9 else None
        key = self.app.inbox.hashed(f"sms-status:{sid}")
        try:
            await self.store.record_status(key, status.lower()[:16], error_code)
        except Exception as error:
            log.warning("cannot record an SMS status: %s", type(error).__name__)
            return web.Response(status=503, text="try later", content_type="text/plain")
        return web.Response(status=204)

    # ---- the contract's part (bot/channels/contract.py) ---------------------------------

    def who(self, update: dict[str, Any]) -> tuple[UserRef | None, str | None]:
        number = str(update.get("from", ""))
        if not NUMBER.fullmatch(number):
            return None, None
        return UserRef(CHANNEL, number), number_language(number)

    async def answer(self, update: dict[str, Any], receipt: Receipt) -> None:
        user, lang = self.who(update)
        if user is None:
            await self.app.inbox.finish(receipt, None)
            return
        body = str(update.get("body", ""))
        state = await self.store.state(user.platform_id)
        keyword = self.keywords.kind(body)
        if keyword == "stop":
            await self.stop(user, receipt, state.stopped)
            return
        if state.stopped and keyword != "start":
            await self.app.inbox.finish(receipt, None)  # nothing is sent after STOP
            return
        await self.sender.converse(user.platform_id, reset=keyword in ("start", "language"))
        if keyword == "help":
            help_text = self.sender.t(await self.sender.language(user), "sms-help")
            outcome = Outcome([Reply(help_text)])
            receipt.extra["keep_menu"] = True
            await self.app.inbox.finish(receipt, outcome)
            if receipt.committed:
                await self.send(receipt, user, outcome, lang, None)
            return
        if keyword == "start":
            await self.store.set_stopped(user.platform_id, False)
            receipt.extra["started"] = True
            event = Event.command(user, "show", lang)
        elif keyword == "language":
            event = Event.choice(user, "lang", lang)
        elif state.pending and read_back(body, state.pending.get("n") or {}, {}) == MORE:
            await self.notice_page(user, receipt, lang, state.pending)
            return
        else:
            event = self.event_of(user, body, state.menu or {}, receipt, lang)
        await self.turn(event, receipt, lang)

    async def notice_page(
        self, user: UserRef, receipt: Receipt, lang: str | None, pending: Mapping[str, Any]
    ) -> None:
        """'N more' under a notice or broadcast: its next page, queued with her SMS as
        HELP's answer is (the engine never saw the notice; her conversation stays as it is)."""
        replies = payload_replies(pending)
        outcome = Outcome(replies)
        sent = int(pending.get("page") or 1)
        receipt.extra["notice_page"] = sent + 1
        # What is left after the page queued now, written with it (a resend by Recovery
        # sends the same page and writes nothing; her next 'more' asks for the page after).
        labels = self.sender.labels(await self.sender.language(user))
        left = pending_of(render(replies, labels, REPLY_BUDGET, sent + 1), replies)

        def advance(connection: Connection) -> None:
            self.store.advance_pending(connection, user.platform_id, sent, left)

        await self.app.inbox.finish(receipt, outcome, advance)
        if receipt.committed:
            await self.send(receipt, user, outcome, lang, None)

    def event_of(
        self, user: UserRef, body: str, menu: dict[str, Any], receipt: Receipt, lang: str | None
    ) -> Event:
        choice = read_back(body, menu.get("n") or {}, menu.get("t") or {})
        if choice == MORE:  # the same screen again, its next page
            receipt.extra["page"] = int(menu.get("page") or 1) + 1
            receipt.extra["budget"] = int(menu.get("budget") or REPLY_BUDGET)
            again = menu.get("again")
            if again:
                receipt.extra["again"] = again
                return Event.choice(user, again, lang)
            return Event.command(user, "show", lang)
        if choice is not None:
            if choice == FORGET:  # her number's row goes too, once the last SMS is sent
                receipt.extra["forget"] = True
            if choice.startswith(CARD) or (choice == FULL_CARD and not menu.get("card")):
                # 'Save': the card in short, one SMS of at most 2 segments; its last rights
                # are left out if they do not fit, the full card being its menu's one number
                card = choice if choice.startswith(CARD) else CARD
                receipt.extra.update(budget=CARD_BUDGET, trim=True, card=True, again=card)
                return Event.choice(user, card, lang)
            if choice == FULL_CARD:  # from the short card: a one-off reply, paged
                receipt.extra["again"] = FULL_CARD
            return Event.choice(user, choice, lang)
        return Event.parse_text(user, body, lang)

    async def stop(self, user: UserRef, receipt: Receipt, already: bool) -> None:
        self.sender.observe(await self.store.end(user.platform_id))
        await self.store.set_stopped(user.platform_id, True)
        await self.app.inbox.finish(receipt, None)
        if already:
            return
        lang = await self.sender.language(user)
        try:  # the one confirmation a STOP gets; outside the caps
            text = self.sender.t(lang, "sms-stopped")
            await self.sender.send_text(user.platform_id, text, "stop")
        except (GatewayError, httpx.HTTPError) as error:
            log.warning("the STOP confirmation was not sent: %s", error)

    async def deliver(
        self, user: UserRef, replies: Sequence[Reply], version: int, extra: Mapping[str, Any]
    ) -> None:
        if extra.get("keep_menu"):  # HELP: the menu of the screen before stays
            state = await self.store.state(user.platform_id)
            lang = await self.sender.language(user)
            body = cheapest(self.sender.t(lang, "sms-help"))
            if await self.sender.pay(user, lang, body, state.capped_on):
                await self.sender.send_text(user.platform_id, body, "reply")
            return
        if extra.get("notice_page"):  # a notice's next page: kept as a notice's
            page = int(extra["notice_page"])
            await self.sender.deliver(user, replies, page=page, kind="notice", keep_pending=False)
            return
        if extra.get("started"):
            lang = await self.sender.language(user)
            replies = [Reply(self.sender.t(lang, "sms-started")), *replies]
        budget = int(extra.get("budget") or REPLY_BUDGET)
        page = int(extra.get("page") or 1)
        remember = {"budget": budget, "again": extra.get("again"), "card": extra.get("card")}
        # The short card is a one-off reply: the numbers of the screen she was at still
        # work, where the card's own ('1') do not take them.
        under = (await self.store.state(user.platform_id)).menu if extra.get("card") else None
        await self.sender.deliver(
            user,
            replies,
            page=page,
            budget=budget,
            kind="reply",
            remember=remember,
            trim=bool(extra.get("trim")),
            under=under,
        )
        if extra.get("forget"):
            await self.store.forget(user.platform_id)

    async def say(self, user: UserRef, text: str) -> None:
        """'Try again' and apologies: one short SMS, within the caps."""
        await self.sender.deliver(user, [Reply(text)], kind="reply")


SMS_KEY = web.AppKey("sms", SmsChannel)


async def setup_webhook_routes(web_app: web.Application, services: Services) -> None:
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    channel = SmsChannel(services, SmsSender.for_app(services, http))
    web_app[SMS_KEY] = channel
    web_app.router.add_post(PATH, channel.receive)
    web_app.router.add_post(STATUS_PATH, channel.status)
    if not services.settings.sms_auth_token:
        log.error("SMS_AUTH_TOKEN is not set: every SMS webhook will be refused")
    if not services.settings.sms_public_url:
        log.warning("SMS_PUBLIC_URL is not set: signatures are checked against the Host header")

    serve_channel(web_app, channel, http.aclose)


# ---- the channel's declaration (bot/channels/contract.py) -------------------------------


def parse(payload: dict[str, Any], knowledge_version: int | None) -> Event | None:
    """A stored SMS -> the event of its words (digits are read back from the number's menu
    in `SmsChannel.answer`, which needs the database)."""
    number = str(payload.get("from", ""))
    if not NUMBER.fullmatch(number):
        return None
    user = UserRef(CHANNEL, number)
    return Event.parse_text(user, str(payload.get("body", "")), number_language(number))


def render_default(replies: Sequence[Reply], knowledge_version: int) -> list[Sms]:
    return [render(replies, Labels())]


def outlet(services: Services, marker: InactiveMarker, stack: contextlib.AsyncExitStack) -> Outlet:
    client = httpx.AsyncClient(timeout=30)
    stack.push_async_callback(client.aclose)
    return Outlet(SmsSender.for_app(services, client, marker))


SPEC = ChannelSpec(
    name=CHANNEL,
    settings=(
        "sms_account_sid",
        "sms_auth_token",
        "sms_from",
        "sms_api_url",
        "sms_public_url",
        "sms_rate_per_s",
        "sms_daily_segments_per_number",
        "sms_daily_segments_total",
        "sms_conversation_idle_minutes",
    ),
    required=("sms_account_sid",),
    limits=Limits(
        text_max=REPLY_BUDGET * GSM7_PART,  # septets; UCS-2 texts are held to 3 x 67 units
        measure=septets,
        numbered=True,
        segments_max=REPLY_BUDGET,
    ),  # paced by its SmsClient (SMS_RATE_PER_S), not by the worker
    mount=setup_webhook_routes,
    outlet=outlet,
    parse=parse,
    render=render_default,
    title="SMS",
    preview=preview,
)
