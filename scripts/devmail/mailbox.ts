import { db } from "@/lib/db";

/** The dev mailbox (/dev/mails): the mails caught by the embedded SMTP server, newest first. */
export function listDevMails(limit = 200) {
  return db.devMail.findMany({
    orderBy: { receivedAt: "desc" },
    take: limit,
    select: { id: true, from: true, to: true, subject: true, receivedAt: true },
  });
}

export function getDevMail(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
  return db.devMail.findUnique({ where: { id } });
}
