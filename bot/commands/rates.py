"""`tradebot rates`: fetch the official rates now, show what is stored, or set a bank's rate
by hand (Turkmenistan, whose rate is not fetched)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal, InvalidOperation

import httpx

from bot.bootstrap import App
from bot.cli import EXIT_USAGE, print_json
from bot.rates import refresh_rates
from knowledge.exchange import BANK_CURRENCIES, BankRates


async def run(app: App, args: argparse.Namespace) -> int:
    if args.rates_command == "fetch":
        async with httpx.AsyncClient(timeout=30, follow_redirects=True) as client:
            outcome = await refresh_rates(
                app.settings, app.rates, client, dt.date.today(), force=True
            )
        for bank, what in outcome.items():
            sys.stdout.write(f"{bank}\t{what}\n")
        return 0 if all(w.startswith(("ok", "kept")) for w in outcome.values()) else 1
    if args.rates_command == "set":
        bank, currency = args.bank.upper(), args.currency.upper()
        try:
            rate = Decimal(args.rate.replace(",", "."))
        except InvalidOperation:
            rate = Decimal(0)
        if bank not in BANK_CURRENCIES or len(currency) != 3 or not rate.is_finite() or rate <= 0:
            sys.stderr.write("usage: tradebot rates set BANK CURRENCY RATE [--date YYYY-MM-DD]\n")
            return EXIT_USAGE
        day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        await app.rates.save(BankRates(bank, day, {currency: rate}, "admin"))
        return 0
    book = await app.rates.read()
    print_json(
        {
            bank: {
                "date": rates.day.isoformat(),
                "currency": rates.base,
                "source": rates.source,
                "rates": {c: f"{v.normalize():f}" for c, v in sorted(rates.per_unit.items())},
            }
            for bank, rates in sorted(book.banks.items())
        }
    )
    return 0
