export type AgentCard = {
  id: string;
  handle: string;
  name: string;
  nameZh: string;
  bio: string;
  languages: string[];
  skills: string[];
  avatarColor: string;
  initials: string;
  capability: number;
  status: 'online' | 'away' | 'offline';
};

export type MatchView = { matchId: string; agent: AgentCard | null; reason?: 'none_online' | 'all_skipped'; remaining: number };

export type Customer = { id: string; name: string; phone?: string; email?: string; im?: string };

export type RequestStatus = 'pending' | 'delivered' | 'acknowledged' | 'resolved';

export type ServiceRequest = { id: string; message: string; status: RequestStatus; createdAt: string };
