import { Authenticated, Unauthenticated } from "convex/react";
import { useAuth } from "@workos-inc/authkit-react";

export default function App() {
  const { user, signIn, signOut } = useAuth();
  return (
    <main>
      <h1>Convex + WorkOS AuthKit, hosted by ASP.NET Core</h1>
      <Unauthenticated>
        <button onClick={() => void signIn()}>Sign in</button>
      </Unauthenticated>
      <Authenticated>
        <p>Signed in as {user?.email}</p>
        <button onClick={() => signOut()}>Sign out</button>
      </Authenticated>
    </main>
  );
}
