cli-unknown-country = Nomaʼlum davlat: { $country }
cli-flow-not-covered = { $origin } → { $destination } yoʻnalishi boʻyicha hozircha tartib-taomillar yoʻq.
