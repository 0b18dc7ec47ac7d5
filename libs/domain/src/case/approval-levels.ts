/** The posts of a case that rank its people for "n levels up" (DOMAIN §7 extension approvals). */
export interface ApprovalLadder {
  readonly leaderInChargeId: string;
  readonly deputyLeaderIds: readonly string[];
  readonly principalLeaderId: string;
  readonly higherCommissionLeaderId: string;
  /** A person's direct superior where the org model knows one (a section head above an officer). */
  readonly superiorOf: Readonly<Record<string, string>>;
}

/**
 * The person one level above `personId`: the known direct superior; the principal leader above the
 * leader in charge; the higher commission's leader above the principal leader; the leader in charge above
 * everyone else. Undefined at the top.
 */
export function superiorOf(ladder: ApprovalLadder, personId: string): string | undefined {
  const known = ladder.superiorOf[personId];
  if (known !== undefined) return known;
  if (personId === ladder.higherCommissionLeaderId) return undefined;
  if (personId === ladder.principalLeaderId) return ladder.higherCommissionLeaderId;
  if (personId === ladder.leaderInChargeId) return ladder.principalLeaderId;
  return ladder.leaderInChargeId;
}

/**
 * Who approves a request of `personId` that needs approval `levelsUp` levels above them (DOMAIN §7: an
 * extension at least one level up; the investigation's second 90 days two, `approvalLevelsUp`), in the order
 * a recusal skips along: the person that many levels up, then the principal leader and the higher commission's
 * leader. Never the requester, and never anyone below the level asked for.
 */
export function approversLevelsUp(ladder: ApprovalLadder, personId: string, levelsUp: number): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = personId; chain.length < levelsUp;) {
    at = superiorOf(ladder, at);
    if (at === undefined || chain.includes(at) || at === personId) break;
    chain.push(at);
  }
  const below = new Set([personId, ...chain.slice(0, -1)]);
  const route = [...chain.slice(-1), ladder.principalLeaderId, ladder.higherCommissionLeaderId];
  return route.filter((id, i) => !below.has(id) && route.indexOf(id) === i);
}
