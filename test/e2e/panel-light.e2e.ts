import { describePanelJourney } from './panelJourney';

// Journey 2 in the light theme: the look and the two-click path (the rest runs once, in panel.e2e.ts).
describePanelJourney('light');
