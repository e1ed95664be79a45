"""Settings from the environment and `.env`: every secret comes from there, never from code."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.env import DEFAULT_DATABASE_URL, ENV_FILE

DEV_DEDUPE_SECRET = "dev-only-dedupe-secret-NOT-FOR-PRODUCTION"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: str | None = None  # seed folder; the packaged data by default
    log_level: str = "INFO"
    # Built knowledge kept between runs (bot/library_cache.py); '-' turns the cache off.
    cache_dir: str | None = None  # ~/.cache/tradebot (XDG_CACHE_HOME) when not set

    # Telegram
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None

    # WhatsApp Cloud API
    whatsapp_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_template: str = "tradebot_update"
    whatsapp_rate_per_s: float = 20.0

    # SMS through a Twilio-compatible gateway (issue 17): SMS_ACCOUNT_SID enables it.
    sms_account_sid: str | None = None
    sms_auth_token: SecretStr | None = None
    sms_from: str | None = None  # the gateway number (or sender id) SMS are sent from
    sms_api_url: str = "https://api.twilio.com"
    # The public address the gateway posts to: the signature covers it (base URL, no path).
    sms_public_url: str | None = None
    sms_rate_per_s: float = Field(default=1.0, gt=0)  # one long code sends ~1 SMS a second
    # Cost control: outgoing segments a day per number and for all numbers together.
    sms_daily_segments_per_number: int = Field(default=40, ge=0)
    sms_daily_segments_total: int = Field(default=5000, ge=0)
    # A conversation ends after this long without an SMS from her (the segments it cost
    # are counted per conversation: /metrics and the admins' stats).
    sms_conversation_idle_minutes: int = Field(default=30, gt=0, le=720)

    # Keyed hashes of update ids and senders in the inbox (HMAC-SHA256). The default is for
    # development and tests ONLY: set your own long random value in production, or anyone
    # with the code could match stored keys against message ids. Changing it only lets a
    # re-delivery from before the change through once.
    dedupe_secret: SecretStr = SecretStr(DEV_DEDUPE_SECRET)

    # Outbox: a worker that died has its claimed rows, and its channels' sender leases, taken
    # over after this many seconds (a worker that stops hands them over at once).
    outbox_lease_s: float = Field(default=60.0, gt=0)

    # Web server
    port: int = Field(default=8080, ge=1, le=65535)
    host: str = "0.0.0.0"
    # One log line per HTTP request; off by default, since /metrics counts requests and a
    # proxy in front usually keeps access logs (each line costs CPU on the hot path).
    access_log: bool = False
    # Where traders open the public pages (/stats, receipts); WEBHOOK_URL when not set.
    public_url: str | None = None

    # Official exchange rates: each national bank's feed (RATES_KZ_URL, ...); empty turns a
    # bank off. Turkmenistan's rates are set by an admin (`tradebot rates set TM ...`).
    rates_kz_url: str = "https://nationalbank.kz/rss/get_rates.cfm"
    rates_kg_url: str = "https://www.nbkr.kg/XML/daily.xml"
    rates_tj_url: str = "https://nbt.tj/ru/kurs/export_xml.php"
    rates_uz_url: str = "https://cbu.uz/ru/arkhiv-kursov-valyut/json/"
    rates_ru_url: str = "https://www.cbr.ru/scripts/XML_daily.asp"
    rates_every_s: float = Field(default=3600.0, gt=0)  # how often the worker looks

    # Admins and experts
    admin_ids: str = ""  # "telegram:123,whatsapp:99890...,whatsapp:KG.1502576394655843"
    expert_chat_id: str | None = None

    # Market prices: a trader following a product hears of a new price that differs from
    # the market's one before by more than this share (0.10 = 10%).
    price_alert_share: float = Field(default=0.10, ge=0, le=10)
    # Admins' web console (/admin): the address login links point to (WEB_URL, else
    # WEBHOOK_URL, else http://HOST:PORT) and the key that signs its cookies (WEB_SECRET;
    # without it a random key is made once and kept in the database).
    web_url: str | None = None
    web_secret: SecretStr | None = None

    def library_cache_dir(self) -> Path | None:
        from bot.library_cache import folder_of

        return folder_of(self.cache_dir)

    def admins(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.admin_ids.split(",") if part.strip())
