/**
 * The virtual gifts a customer can send their agent. Gifts are thanks, not money: there is no price,
 * no payment and no payout; points only feed the agent's capability score (a small, capped part).
 * Icons are drawn locally (public/gifts/*.svg).
 */
export type Gift = { id: string; name: string; nameZh: string; points: number; icon: string };

export const GIFTS: readonly Gift[] = [
  { id: 'thumbs-up', name: 'Thumbs up', nameZh: '点赞', points: 1, icon: '/gifts/thumbs-up.svg' },
  { id: 'flower', name: 'Flower', nameZh: '鲜花', points: 2, icon: '/gifts/flower.svg' },
  { id: 'coffee', name: 'Coffee', nameZh: '咖啡', points: 3, icon: '/gifts/coffee.svg' },
  { id: 'heart', name: 'Heart', nameZh: '爱心', points: 5, icon: '/gifts/heart.svg' },
  { id: 'star', name: 'Star', nameZh: '星星', points: 8, icon: '/gifts/star.svg' },
  { id: 'trophy', name: 'Trophy', nameZh: '奖杯', points: 10, icon: '/gifts/trophy.svg' },
];

export const findGift = (id: string): Gift | undefined => GIFTS.find((g) => g.id === id);
