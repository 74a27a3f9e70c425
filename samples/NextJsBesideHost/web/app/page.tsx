import { getSignInUrl, withAuth } from "@workos-inc/authkit-nextjs";

export default async function Home() {
  const { user } = await withAuth();
  if (!user) {
    return <a href={await getSignInUrl()}>Sign in</a>;
  }
  return <p>Signed in as {user.email}</p>;
}
