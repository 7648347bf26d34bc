package redissensor

// entryMillis returns the milliseconds part of the stream entry ID id
// ("<ms>-<seq>", both unsigned 64-bit decimal numbers, as the server replies
// them), and whether id is one. It reads id in place and allocates nothing.
// Redis stamps the milliseconds with its clock when the ID is generated
// ("*"); an ID the producer chose can hold any number.
func entryMillis(id string) (ms uint64, ok bool) {
	ms, rest, ok := decimal(id)
	if !ok || len(rest) < 2 || rest[0] != '-' {
		return 0, false
	}
	if _, rest, ok = decimal(rest[1:]); !ok || rest != "" {
		return 0, false
	}
	return ms, true
}

// decimal reads the unsigned 64-bit decimal number at the start of s: at
// least one digit, no sign, no overflow. It returns the number and what
// follows it.
func decimal(s string) (n uint64, rest string, ok bool) {
	i := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if n > (1<<64-1-d)/10 {
			return 0, s, false
		}
		n = n*10 + d
	}
	return n, s[i:], i > 0
}
