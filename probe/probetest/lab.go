package probetest

// ScenarioDomain is the world description of one lab scenario.
func ScenarioDomain(s Scenario) Domain {
	return Domain{Name: s.Domain(), Zone: s.World.Zone, Names: s.World.Names, Web: s.World.Web, Mail: s.World.Mail, NS: s.World.NS}
}

// StartLab starts one world serving every scenario of the embedded
// catalogue (as NAME.test) next to cfg.Domains, and returns the scenarios
// in catalogue order.
func StartLab(cfg Config) (*World, []Scenario, error) {
	scenarios, err := Scenarios()
	if err != nil {
		return nil, nil, err
	}
	cfg.Domains = append([]Domain(nil), cfg.Domains...)
	for _, s := range scenarios {
		cfg.Domains = append(cfg.Domains, ScenarioDomain(s))
	}
	w, err := Start(cfg)
	if err != nil {
		return nil, nil, err
	}
	return w, scenarios, nil
}
