env             = "staging"
vpc_cidr        = "10.20.0.0/22"
private_newbits = 6

app = {
  name          = "checkout"
  image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:2.0.0-rc1"
  desired_count = 1
  memory        = 1536
  max_capacity  = 40
}
