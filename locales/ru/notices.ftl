notice-header = Изменились процедуры: { $product }, { $origin } → { $destination }
notice-added = • Новый шаг: { $step }
notice-changed = • Изменено: { $step }
notice-removed = • Больше не нужно: { $step }
notice-footer = Сделайте поиск заново, чтобы увидеть все шаги. Отключить такие сообщения: /subscriptions.
