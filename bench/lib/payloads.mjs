// Realistic list items (the shapes of the services' documented examples), with distinct ids.
const hex = (n, width) => n.toString(16).padStart(width, '0');

export function geminiDbBackup(i) {
  return {
    id: `${hex(i, 32)}br01`,
    name: `backup-${i}`,
    instance_id: '43e4feaab48f11e89039fa163ebaa7e4in06',
    instance_name: 'cluster-test',
    datastore: { type: 'cassandra', version: '3.11' },
    type: i % 3 ? 'Auto' : 'Manual',
    begin_time: '2019-05-27T03:38:51+0000',
    end_time: '2019-05-27T03:39:51+0000',
    status: 'COMPLETED',
    size: 2803 + i,
    description: 'nightly backup',
  };
}

export function cbrBackup(i) {
  return {
    id: `${hex(i, 8)}-e7a6-4888-9010-c2bac3aa7910`,
    name: `autobk_${hex(i, 4)}`,
    checkpoint_id: '1fced58b-2a31-4851-bcbb-96216f83ce99',
    provider_id: '0daac4c5-6707-4851-97ba-169e36266b66',
    vault_id: 'cca85ea5-00a4-418d-9222-bd83985bc515',
    project_id: '0605767b5780d5762fc5c0118072a564',
    resource_id: '1a503932-ee8f-4dd5-8248-8dfb57e584c5',
    resource_name: 'test001-02',
    resource_type: 'OS::Nova::Server',
    resource_az: 'br-iaas-odin1a',
    resource_size: 40,
    image_type: 'backup',
    status: 'available',
    description: '',
    children: [],
    extend_info: { auto_trigger: true, supported_restore_mode: 'backup', contain_system_disk: true, support_lld: true, system_disk: false },
    created_at: '2020-02-21T07:00:54.065+00:00',
    updated_at: '2020-02-21T07:07:25.114+00:00',
    expired_at: '2020-05-21T07:00:54.060+00:00',
  };
}
