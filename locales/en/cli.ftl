cli-unknown-country = Unknown country: { $country }
cli-flow-not-covered = No procedures for { $origin } → { $destination } yet.
