env      = "prod"
vpc_cidr = "10.10.0.0/16"

app = {
  name          = "checkout"
  image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.9.0"
  desired_count = 4
  environment = {
    LOG_LEVEL = "info"
  }
  sidecars = ["xray"]
}
