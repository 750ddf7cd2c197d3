import type { Db } from '../db/client.ts';
import { hashPassword } from '../credentials/password.ts';

export const DEMO_PASSWORD = 'demo-agent';

type DemoAgent = {
  handle: string;
  name: string;
  nameZh: string;
  capability: number;
  status: 'online' | 'away' | 'offline';
  languages: string[];
  skills: string[];
  bio: string;
  bioZh: string;
};

const COLORS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#2563eb', '#65a30d', '#0d9488'];

// 30 agents, 12 online. Capabilities are spread so the ranking is visible; two pairs tie on purpose.
export const DEMO_AGENTS: DemoAgent[] = [
  { handle: 'li.ming', name: 'Li Ming', nameZh: '李明', capability: 97, status: 'online', languages: ['zh-CN', 'en'], skills: ['billing', 'refunds'], bio: 'Ten years in customer care; calm with hard cases.', bioZh: '十年客服经验，处理棘手问题沉着冷静。' },
  { handle: 'wang.fang', name: 'Wang Fang', nameZh: '王芳', capability: 95, status: 'online', languages: ['zh-CN'], skills: ['orders', 'delivery'], bio: 'Knows every courier by name.', bioZh: '熟悉每一家快递公司。' },
  { handle: 'emily.chen', name: 'Emily Chen', nameZh: '陈艾米', capability: 93, status: 'away', languages: ['en', 'zh-CN'], skills: ['technical', 'accounts'], bio: 'Fixes account problems in one reply.', bioZh: '账户问题，一次回复就解决。' },
  { handle: 'zhang.wei', name: 'Zhang Wei', nameZh: '张伟', capability: 91, status: 'online', languages: ['zh-CN', 'en'], skills: ['technical'], bio: 'Former engineer; loves a tricky bug.', bioZh: '前工程师，最爱疑难问题。' },
  { handle: 'liu.yang', name: 'Liu Yang', nameZh: '刘洋', capability: 91, status: 'online', languages: ['zh-CN'], skills: ['billing'], bio: 'Invoices, receipts and tax questions.', bioZh: '发票、收据和税务问题。' },
  { handle: 'james.wu', name: 'James Wu', nameZh: '吴杰明', capability: 89, status: 'offline', languages: ['en'], skills: ['orders'], bio: 'Night-shift lead.', bioZh: '夜班组长。' },
  { handle: 'chen.jing', name: 'Chen Jing', nameZh: '陈静', capability: 88, status: 'online', languages: ['zh-CN', 'en'], skills: ['returns', 'refunds'], bio: 'Makes returns painless.', bioZh: '让退货变得轻松。' },
  { handle: 'yang.lei', name: 'Yang Lei', nameZh: '杨磊', capability: 86, status: 'away', languages: ['zh-CN'], skills: ['delivery'], bio: 'Tracks parcels across the country.', bioZh: '全国包裹追踪。' },
  { handle: 'sophie.lin', name: 'Sophie Lin', nameZh: '林索菲', capability: 85, status: 'online', languages: ['en', 'zh-CN'], skills: ['accounts', 'privacy'], bio: 'Privacy and account security.', bioZh: '隐私与账户安全。' },
  { handle: 'zhao.min', name: 'Zhao Min', nameZh: '赵敏', capability: 83, status: 'offline', languages: ['zh-CN'], skills: ['orders'], bio: 'Bulk and business orders.', bioZh: '批量和企业订单。' },
  { handle: 'huang.tao', name: 'Huang Tao', nameZh: '黄涛', capability: 82, status: 'online', languages: ['zh-CN', 'en'], skills: ['technical', 'devices'], bio: 'Phones, tablets and set-up help.', bioZh: '手机、平板和设置帮助。' },
  { handle: 'daniel.xu', name: 'Daniel Xu', nameZh: '徐丹尼', capability: 80, status: 'offline', languages: ['en'], skills: ['billing'], bio: 'Subscriptions and plans.', bioZh: '订阅与套餐。' },
  { handle: 'zhou.xin', name: 'Zhou Xin', nameZh: '周欣', capability: 79, status: 'online', languages: ['zh-CN'], skills: ['returns'], bio: 'Patient, thorough, kind.', bioZh: '耐心、细致、亲切。' },
  { handle: 'wu.hua', name: 'Wu Hua', nameZh: '吴华', capability: 77, status: 'away', languages: ['zh-CN', 'en'], skills: ['delivery', 'orders'], bio: 'Delivery disputes.', bioZh: '配送纠纷。' },
  { handle: 'grace.sun', name: 'Grace Sun', nameZh: '孙格蕾', capability: 76, status: 'online', languages: ['en', 'zh-CN'], skills: ['accounts'], bio: 'Sign-in and profile help.', bioZh: '登录与个人资料帮助。' },
  { handle: 'xu.qiang', name: 'Xu Qiang', nameZh: '徐强', capability: 74, status: 'offline', languages: ['zh-CN'], skills: ['technical'], bio: 'Network and connectivity.', bioZh: '网络与连接问题。' },
  { handle: 'sun.li', name: 'Sun Li', nameZh: '孙丽', capability: 73, status: 'online', languages: ['zh-CN'], skills: ['billing', 'orders'], bio: 'Payments that went wrong.', bioZh: '支付异常处理。' },
  { handle: 'kevin.ma', name: 'Kevin Ma', nameZh: '马凯文', capability: 71, status: 'offline', languages: ['en'], skills: ['devices'], bio: 'Repairs and warranties.', bioZh: '维修与保修。' },
  { handle: 'ma.lin', name: 'Ma Lin', nameZh: '马琳', capability: 70, status: 'away', languages: ['zh-CN'], skills: ['refunds'], bio: 'Refunds within the day.', bioZh: '当天办理退款。' },
  { handle: 'zhu.jun', name: 'Zhu Jun', nameZh: '朱军', capability: 68, status: 'online', languages: ['zh-CN', 'en'], skills: ['orders'], bio: 'Pre-sales questions.', bioZh: '售前咨询。' },
  { handle: 'hu.yan', name: 'Hu Yan', nameZh: '胡艳', capability: 66, status: 'offline', languages: ['zh-CN'], skills: ['delivery'], bio: 'Same-day delivery desk.', bioZh: '当日达配送服务台。' },
  { handle: 'anna.guo', name: 'Anna Guo', nameZh: '郭安娜', capability: 64, status: 'away', languages: ['en', 'zh-CN'], skills: ['privacy'], bio: 'Data requests and consent.', bioZh: '数据请求与授权。' },
  { handle: 'guo.peng', name: 'Guo Peng', nameZh: '郭鹏', capability: 62, status: 'offline', languages: ['zh-CN'], skills: ['technical'], bio: 'App crashes and updates.', bioZh: '应用崩溃与更新。' },
  { handle: 'he.ying', name: 'He Ying', nameZh: '何莹', capability: 60, status: 'online', languages: ['zh-CN'], skills: ['accounts', 'billing'], bio: 'New customer onboarding.', bioZh: '新客户入门指导。' },
  { handle: 'luo.gang', name: 'Luo Gang', nameZh: '罗刚', capability: 57, status: 'offline', languages: ['zh-CN'], skills: ['orders'], bio: 'Wholesale accounts.', bioZh: '批发账户。' },
  { handle: 'lucy.zheng', name: 'Lucy Zheng', nameZh: '郑露西', capability: 55, status: 'offline', languages: ['en'], skills: ['returns'], bio: 'International returns.', bioZh: '国际退货。' },
  { handle: 'gao.fei', name: 'Gao Fei', nameZh: '高飞', capability: 52, status: 'away', languages: ['zh-CN'], skills: ['delivery'], bio: 'Logistics and customs.', bioZh: '物流与清关。' },
  { handle: 'lin.na', name: 'Lin Na', nameZh: '林娜', capability: 48, status: 'offline', languages: ['zh-CN', 'en'], skills: ['billing'], bio: 'Trainee, eager to help.', bioZh: '实习生，乐于助人。' },
  { handle: 'tom.he', name: 'Tom He', nameZh: '何汤姆', capability: 45, status: 'offline', languages: ['en'], skills: ['devices'], bio: 'Trainee on the devices desk.', bioZh: '设备服务台实习生。' },
  { handle: 'deng.hui', name: 'Deng Hui', nameZh: '邓慧', capability: 40, status: 'offline', languages: ['zh-CN'], skills: ['orders'], bio: 'Trainee on the orders desk.', bioZh: '订单服务台实习生。' },
];

export const demoEmail = (handle: string): string => `${handle}@demo.local`;

/**
 * Idempotent: creates the demo agents that are missing and leaves existing ones (and their status,
 * which agents change at work) alone. Passwords are hashed only for agents being created.
 */
export const seedDemoAgents = async (db: Db): Promise<{ created: number; existing: number }> => {
  const present = new Set((await db.agent.findMany({ select: { handle: true } })).map((a) => a.handle));
  const missing = DEMO_AGENTS.filter((a) => !present.has(a.handle));
  for (const a of missing) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.agent.create({
      data: {
        handle: a.handle,
        email: demoEmail(a.handle),
        name: a.name,
        nameZh: a.nameZh,
        bio: a.bio,
        bioZh: a.bioZh,
        languages: JSON.stringify(a.languages),
        skills: JSON.stringify(a.skills),
        avatarColor: COLORS[DEMO_AGENTS.indexOf(a) % COLORS.length]!,
        capability: a.capability,
        status: a.status,
        credential: { create: { passwordHash } },
      },
    });
  }
  // Agents seeded before bios came in two languages get their Chinese bio (only where it is still empty).
  for (const a of DEMO_AGENTS.filter((d) => present.has(d.handle))) {
    await db.agent.updateMany({ where: { handle: a.handle, bioZh: '' }, data: { bioZh: a.bioZh } });
  }
  return { created: missing.length, existing: present.size };
};

const DAY_MS = 24 * 3600_000;
const HISTORY_CUSTOMERS = ['Chen Yu', 'Olivia Tan', 'Wei Jie', 'Mia Zhou', 'Li Na'];
const HISTORY_GIFTS = [
  { id: 'thumbs-up', points: 1 },
  { id: 'flower', points: 2 },
  { id: 'coffee', points: 3 },
  { id: 'heart', points: 5 },
];

/**
 * A past for the demo agents, so the earned capability (the `capability` job) spreads them roughly as
 * their seeded scores do: agents with a higher seeded score get more ratings, more stars, faster
 * acknowledgements and a few gifts. Every request of the history is resolved (none shows up as open
 * work). Runs once: skipped when the demo customers exist. Deterministic, relative to `now`.
 */
export const seedDemoHistory = async (db: Db, now = new Date()): Promise<{ requests: number; gifts: number }> => {
  if (await db.customer.findFirst({ where: { email: 'history-1@demo.local' } })) return { requests: 0, gifts: 0 };
  const customers: { id: string }[] = [];
  for (const [i, name] of HISTORY_CUSTOMERS.entries()) {
    customers.push(await db.customer.create({ data: { name, email: `history-${i + 1}@demo.local` } }));
  }
  const agents = await db.agent.findMany({ where: { handle: { in: DEMO_AGENTS.map((a) => a.handle) } } });
  let requestCount = 0;
  let giftCount = 0;
  for (const agent of agents) {
    const seeded = DEMO_AGENTS.find((a) => a.handle === agent.handle)!.capability;
    const level = Math.max(0, Math.min(1, (seeded - 40) / 57)); // 0 for the lowest seeded score, 1 for the highest
    const n = Math.round(4 + level * 51);
    const starSum = Math.min(5 * n, Math.round((3.2 + 1.75 * level) * n));
    const ackMs = 30_000 * 40 ** (1 - level); // 30 s at the top, 20 min at the bottom
    const requests = [];
    const ratings = [];
    for (let k = 0; k < n; k++) {
      const createdAt = new Date(now.getTime() - (1 + ((k * 7) % 60)) * DAY_MS - k * 60_000);
      const acknowledgedAt = new Date(createdAt.getTime() + ackMs * (0.7 + ((k * 3) % 7) / 10));
      const customer = customers[k % customers.length]!;
      const id = `hist-${agent.handle}-${k}`;
      requests.push({
        id, customerId: customer.id, agentId: agent.id, boundAgentId: agent.id, message: 'Demo history', status: 'resolved',
        idempotencyKey: id, createdAt, offeredAt: createdAt, firstOfferedAt: createdAt, deliveredAt: createdAt, acknowledgedAt, resolvedAt: new Date(acknowledgedAt.getTime() + 10 * 60_000),
      });
      const stars = Math.floor(starSum / n) + (k < starSum % n ? 1 : 0);
      ratings.push({ requestId: id, customerId: customer.id, agentId: agent.id, stars, createdAt: acknowledgedAt, updatedAt: acknowledgedAt });
    }
    const gifts = Array.from({ length: Math.floor(level * 6) }, (_, k) => {
      const g = HISTORY_GIFTS[k % HISTORY_GIFTS.length]!;
      return { customerId: customers[k % customers.length]!.id, agentId: agent.id, giftId: g.id, points: g.points, createdAt: new Date(now.getTime() - (k + 2) * DAY_MS) };
    });
    await db.$transaction([
      db.serviceRequest.createMany({ data: requests }),
      db.rating.createMany({ data: ratings }),
      db.giftSent.createMany({ data: gifts }),
      db.agent.update({
        where: { id: agent.id },
        data: {
          ratingCount: { increment: n },
          ratingSum: { increment: ratings.reduce((s, r) => s + r.stars, 0) },
          giftCount: { increment: gifts.length },
          giftPoints: { increment: gifts.reduce((s, g) => s + g.points, 0) },
        },
      }),
    ]);
    requestCount += n;
    giftCount += gifts.length;
  }
  return { requests: requestCount, gifts: giftCount };
};
