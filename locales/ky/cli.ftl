cli-unknown-country = Белгисиз өлкө: { $country }
cli-flow-not-covered = { $origin } → { $destination } багыты боюнча азырынча жол-жоболор жок.
