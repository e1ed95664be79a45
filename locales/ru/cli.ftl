cli-unknown-country = Неизвестная страна: { $country }
cli-flow-not-covered = Для маршрута { $origin } → { $destination } процедур пока нет.
