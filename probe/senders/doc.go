// Package senders says what each real MTA-STS sender does, read from its own
// source code: one definition per sender, used by lint (does this sender
// accept the record and the policy?), by the walk's verdict (what does it do
// now, with no cached policy?) and by simulate (how does it cache and
// refresh over time?).
//
// "The RFC's verdict" is only one answer to "would my mail be protected?".
// mox, postfix-mta-sts-resolver, postfix-tlspol and go-mtasts (maddy) each
// read the same TXT record and policy file a little differently, demand
// different things of the HTTPS fetch, cache for different times and react
// differently to an MX host the policy does not list. A Sender holds those
// differences as parameters; every parameter's comment cites the line of the
// sender's code it follows, as file:line@commit, so a reviewer can check it.
//
// The package is a leaf under probe: it imports only probe/policy (the
// grammar's types), never the walk, so both probe and simulate import it.
package senders
