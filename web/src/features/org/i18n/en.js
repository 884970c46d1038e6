// org: every string of this feature (English), under its own name so no feature can clash with another.
export default {
  org: {
    unitKinds: {
      street: 'Sub-district',
      community: 'Community',
      compound: 'Compound',
      building: 'Building',
      grid: 'Grid',
      microgrid: 'Micro-grid',
    },
    units: {
      label: '{name} ({kind})',
      choose: 'Choose one or more units',
      none: 'No units to choose from',
    },
  },
}
