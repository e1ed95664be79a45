cli-unknown-country = Кишвари номаълум: { $country }
cli-flow-not-covered = Барои масири { $origin } → { $destination } ҳоло тартибот нест.
