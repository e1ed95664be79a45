cli-unknown-country = Näbelli ýurt: { $country }
cli-flow-not-covered = { $origin } → { $destination } ugry boýunça entek tertipler ýok.
