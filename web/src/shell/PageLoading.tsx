import { Spin } from 'antd';

export function PageLoading() {
  return (
    <div className="fq-page-loading">
      <Spin size="large" />
    </div>
  );
}
