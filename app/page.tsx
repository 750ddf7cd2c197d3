import { CustomerApp } from './_components/customer-app';

export default function Home() {
  return <CustomerApp />;
}
