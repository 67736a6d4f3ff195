/**
 * One ilk's auctions, column-wise (the Clipper's `sales` / the Flipper's `bids`, with the Clipper's `active`
 * list): auction k's fields sit at index k of each column; `active` lists the open ones and loses an id by
 * swap-and-pop, as Clipper._remove does. Plain number arrays: they only grow, by one entry per kick.
 */
import { emptyDoubles } from '../../util/doubles.js';

export interface AuctionBook {
  /** Vault (position index in the ilk's store) the collateral came from: the `usr` leftovers go back to. */
  usr: number[];
  /** DAI still to raise. */
  tab: number[];
  /** Collateral still on sale. */
  lot: number[];
  /** Debt the vow booked at the kick (dart·rate): what must be recovered for no loss. */
  due: number[];
  /** clip: DAI collected so far; flip: the current highest bid. */
  paid: number[];
  /** clip: kick / last redo time; flip: when the current bid expires (0 = no bid yet). */
  tic: number[];
  /** clip: starting price top; flip: end of the auction. */
  top: number[];
  /** 1 while open. */
  open: number[];
  /** Open auction ids (Clipper.active order); `pos[id]` is the id's slot in it. */
  active: number[];
  pos: number[];
}

/** The amount and price columns hold doubles from the first kick (util/doubles.ts): else the first fraction pushed re-classes them mid-run. */
export function emptyBook(): AuctionBook {
  return { usr: [], tab: emptyDoubles(), lot: emptyDoubles(), due: emptyDoubles(), paid: emptyDoubles(), tic: [], top: emptyDoubles(), open: [], active: [], pos: [] };
}

export function cloneBook(b: AuctionBook): AuctionBook {
  return {
    usr: b.usr.slice(),
    tab: b.tab.slice(),
    lot: b.lot.slice(),
    due: b.due.slice(),
    paid: b.paid.slice(),
    tic: b.tic.slice(),
    top: b.top.slice(),
    open: b.open.slice(),
    active: b.active.slice(),
    pos: b.pos.slice(),
  };
}

/** Opens an auction and returns its id (kicks counted from 0). */
export function openAuction(b: AuctionBook, a: { usr: number; tab: number; lot: number; due: number; tic: number; top: number }): number {
  const id = b.usr.length;
  b.usr.push(a.usr);
  b.tab.push(a.tab);
  b.lot.push(a.lot);
  b.due.push(a.due);
  b.paid.push(0);
  b.tic.push(a.tic);
  b.top.push(a.top);
  b.open.push(1);
  b.pos.push(b.active.length);
  b.active.push(id);
  return id;
}

/** Clipper._remove: the last active id takes the closed one's slot. */
export function closeAuction(b: AuctionBook, id: number): void {
  const slot = b.pos[id]!;
  const last = b.active[b.active.length - 1]!;
  if (last !== id) {
    b.active[slot] = last;
    b.pos[last] = slot;
  }
  b.active.pop();
  b.open[id] = 0;
  b.lot[id] = 0;
  b.tab[id] = 0;
}

export function isOpen(b: AuctionBook, id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < b.open.length && b.open[id] === 1;
}
